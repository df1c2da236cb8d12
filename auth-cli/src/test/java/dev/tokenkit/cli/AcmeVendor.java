package dev.tokenkit.cli;

import dev.tokenkit.emulators.DemoToken;
import dev.tokenkit.emulators.EmulatedVendor;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.RecordedRequest;
import dev.tokenkit.emulators.VendorEmulator;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A vendor the command line has never heard of: an emulator of the test-time {@code acme-sso}
 * provider ({@link TestProviderJars#acme}), registered for ServiceLoader in a jar that a test
 * puts on {@code --provider-path}. Public, as ServiceLoader needs.
 */
public final class AcmeVendor implements EmulatedVendor {
    static final String DEMO_TENANT = "demo-tenant";
    static final String INTRODUCTION = "acme: the demo's introduction, from AcmeVendor.";

    /** For ServiceLoader. */
    public AcmeVendor() {
    }

    @Override
    public String providerId() {
        return TestProviderJars.ACME_ID;
    }

    @Override
    public List<Option> options() {
        return List.of(Option.plain("tenant", DEMO_TENANT));
    }

    @Override
    public VendorEmulator start(int port, Map<String, String> accepted) {
        return new AcmeEmulator(port, accepted.get("tenant"));
    }

    @Override
    public List<String> endpointOptions(VendorEmulator running) {
        return List.of();
    }

    @Override
    public List<String> demoConfiguration(VendorEmulator running) {
        return List.of("tenant=" + DEMO_TENANT);
    }

    @Override
    public List<String> demoIntroduction() {
        return List.of(INTRODUCTION);
    }

    @Override
    public List<String> demoFirstToken(VendorEmulator running, DemoToken first) {
        return List.of("acme: first token, " + first.secondsLeft() / 60 + " min left, served by " + running);
    }

    @Override
    public Optional<String> demoSecondFetch() {
        return Optional.of(", from acme");
    }

    @Override
    public List<String> demoSecondToken(VendorEmulator running, DemoToken first, DemoToken second) {
        return List.of("acme: second token " + (second.sameAsFirst() ? "the same" : "new"));
    }

    /** A FakeTokenServer that answers every request with a token for its tenant. */
    static final class AcmeEmulator extends VendorEmulator {
        private final String tenant;

        AcmeEmulator(int port, String tenant) {
            super("/token", port);
            this.tenant = tenant;
            plugIn();
        }

        @Override
        protected FakeResponse respond(RecordedRequest request) {
            countIssued();
            return FakeResponse.ok("{\"access_token\":\"acme-" + tenant + "\",\"expires_in\":3600}");
        }

        @Override
        protected void forget() {
            // no state
        }

        @Override
        public String toString() {
            return "AcmeEmulator[" + tenant + "]";
        }
    }
}
