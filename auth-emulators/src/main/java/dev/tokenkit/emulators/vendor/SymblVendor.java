package dev.tokenkit.emulators.vendor;

import dev.tokenkit.emulators.DemoToken;
import dev.tokenkit.emulators.EmulatedVendor;
import dev.tokenkit.emulators.SymblEmulator;
import dev.tokenkit.emulators.VendorEmulator;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link SymblEmulator} as {@code tokenkit emulate symbl} serves it and {@code tokenkit demo}
 * shows it: one app id and secret; the demo asks twice and shows the server-side cache answering
 * the same token with its remaining lifetime.
 */
public final class SymblVendor implements EmulatedVendor {
    private static final String APP_ID = "app-id";
    private static final String APP_SECRET = "app-secret";

    /** For {@link java.util.ServiceLoader}. */
    public SymblVendor() {
    }

    @Override
    public String providerId() {
        return "symbl";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.plain(APP_ID, SymblEmulator.DEMO_APP_ID),
                Option.secret(APP_SECRET, SymblEmulator.DEMO_APP_SECRET));
    }

    @Override
    public VendorEmulator start(int port, Map<String, String> accepted) {
        return SymblEmulator.builder().port(port).credentials(accepted.get(APP_ID), accepted.get(APP_SECRET)).start();
    }

    @Override
    public List<String> demoConfiguration(VendorEmulator running) {
        return List.of("base-url=" + running.baseUri(), APP_ID + "=" + SymblEmulator.DEMO_APP_ID,
                APP_SECRET + "=" + SymblEmulator.DEMO_APP_SECRET);
    }

    @Override
    public Optional<String> demoSecondFetch() {
        return Optional.of("");
    }

    @Override
    public List<String> demoSecondToken(VendorEmulator running, DemoToken first, DemoToken second) {
        int requests = running.server().requestCount();
        if (!second.sameAsFirst()) {
            return List.of("The emulator issued a new token (" + running.tokensIssued() + " for " + requests
                    + " requests).");
        }
        long firstLeft = first.secondsLeft();
        long secondLeft = second.secondsLeft();
        return List.of("Symbl's server-side cache answered the cached token with its remaining lifetime: "
                + secondLeft + " s left now, " + firstLeft + " s at the first answer ("
                + (secondLeft < firstLeft ? "shrunk" : "the same whole second") + "; no clock was advanced)."
                + " The emulator issued " + running.tokensIssued() + " token(s) for " + requests + " requests.");
    }
}
