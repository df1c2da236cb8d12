package dev.tokenkit.cli;

import dev.tokenkit.emulators.EmulatedVendor;
import dev.tokenkit.emulators.SymblEmulator;
import dev.tokenkit.emulators.VendorEmulator;

import java.util.List;
import java.util.Map;

/** A second emulator of provider {@code symbl}, which makes the id ambiguous. Public, as ServiceLoader needs. */
public final class SecondSymblVendor implements EmulatedVendor {
    /** For ServiceLoader. */
    public SecondSymblVendor() {
    }

    @Override
    public String providerId() {
        return "symbl";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.plain("app-id", SymblEmulator.DEMO_APP_ID));
    }

    @Override
    public VendorEmulator start(int port, Map<String, String> accepted) {
        return SymblEmulator.builder().port(port).start();
    }

    @Override
    public List<String> demoConfiguration(VendorEmulator running) {
        return List.of("base-url=" + running.baseUri());
    }
}
