package dev.tokenkit.emulators.vendor;

import dev.tokenkit.emulators.DemoToken;
import dev.tokenkit.emulators.EmulatedVendor;
import dev.tokenkit.emulators.SingleViewEmulator;
import dev.tokenkit.emulators.VendorEmulator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link SingleViewEmulator} as {@code tokenkit emulate singleview} serves it and
 * {@code tokenkit demo} shows it: one client id, client code and company id; the documented
 * outage on demand; the demo shows the JWT's {@code exp} winning over a later {@code expires_in}.
 */
public final class SingleViewVendor implements EmulatedVendor {
    /** A reference id like the vendor's sample request's. */
    static final String DEMO_REFERENCE_ID = "BEMC0001";
    private static final String CLIENT_ID = "client-id";
    private static final String CLIENT_CODE = "client-code";
    private static final String COMPANY_ID = "company-id";

    /** For {@link java.util.ServiceLoader}. */
    public SingleViewVendor() {
    }

    @Override
    public String providerId() {
        return "singleview";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.plain(CLIENT_ID, SingleViewEmulator.DEMO_CLIENT_ID),
                Option.secret(CLIENT_CODE, SingleViewEmulator.DEMO_CLIENT_CODE),
                Option.plain(COMPANY_ID, SingleViewEmulator.DEMO_COMPANY_ID));
    }

    @Override
    public VendorEmulator start(int port, Map<String, String> accepted) {
        return SingleViewEmulator.builder().port(port)
                .credentials(accepted.get(CLIENT_ID), accepted.get(CLIENT_CODE))
                .companyId(accepted.get(COMPANY_ID)).start();
    }

    @Override
    public Optional<String> down(VendorEmulator running) {
        ((SingleViewEmulator) running).down();
        return Optional.of("every answer is the failure envelope \"" + SingleViewEmulator.CONNECT_REFUSED + "\"");
    }

    @Override
    public List<String> demoConfiguration(VendorEmulator running) {
        return List.of("base-url=" + running.baseUri(), CLIENT_ID + "=" + SingleViewEmulator.DEMO_CLIENT_ID,
                CLIENT_CODE + "=" + SingleViewEmulator.DEMO_CLIENT_CODE,
                COMPANY_ID + "=" + SingleViewEmulator.DEMO_COMPANY_ID, "reference-id=" + DEMO_REFERENCE_ID);
    }

    @Override
    public List<String> demoFirstToken(VendorEmulator running, DemoToken first) {
        long expiresIn = SingleViewEmulator.DEFAULT_EXPIRES_IN.getSeconds();
        Optional<Instant> exp = first.jwtExpiry();
        Instant expiresAt = first.expiresAt();
        if (exp.isPresent() && exp.get().equals(expiresAt)
                && expiresAt.isBefore(first.receivedAt().plusSeconds(expiresIn - 1))) {
            return List.of("note         the emulator answers expires_in \"" + expiresIn + "\" (" + expiresIn
                    + " s, a string, like the vendor's sample), but the token is a JWT whose exp comes "
                    + Duration.between(first.jwtIssuedAt().orElse(exp.get()), exp.get()).getSeconds()
                    + " s after its iat: the token carries the earlier expiry, the JWT exp.");
        }
        return List.of("note         the token's expiry " + expiresAt.truncatedTo(ChronoUnit.SECONDS)
                + " is not the JWT exp " + exp.map(e -> e.truncatedTo(ChronoUnit.SECONDS).toString()).orElse("(none)")
                + " earlier than expires_in " + expiresIn + " s; the emulator is not in its default set-up");
    }
}
