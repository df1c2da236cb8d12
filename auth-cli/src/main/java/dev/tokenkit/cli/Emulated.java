package dev.tokenkit.cli;

import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.emulators.SingleViewEmulator;
import dev.tokenkit.emulators.SymblEmulator;
import dev.tokenkit.emulators.VendorEmulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The vendors whose built-in emulator {@code tokenkit emulate} serves: which {@code -c} options
 * each takes (the provider's own option names for the credentials it accepts), and how to start
 * it from them.
 */
enum Emulated {
    /** Symbl.ai: accepts one app id and app secret. */
    SYMBL("symbl", List.of("app-id", "app-secret"), Set.of("app-secret")) {
        @Override
        VendorEmulator start(int port, Map<String, String> accepted) {
            return SymblEmulator.builder().port(port)
                    .credentials(accepted.get("app-id"), accepted.get("app-secret")).start();
        }

        @Override
        Map<String, String> defaults() {
            return Map.of("app-id", SymblEmulator.DEMO_APP_ID, "app-secret", SymblEmulator.DEMO_APP_SECRET);
        }
    },
    /** SingleView: accepts one client id, client code and company id. */
    SINGLEVIEW("singleview", List.of("client-id", "client-code", "company-id"), Set.of("client-code")) {
        @Override
        VendorEmulator start(int port, Map<String, String> accepted) {
            return SingleViewEmulator.builder().port(port)
                    .credentials(accepted.get("client-id"), accepted.get("client-code"))
                    .companyId(accepted.get("company-id")).start();
        }

        @Override
        Map<String, String> defaults() {
            return Map.of("client-id", SingleViewEmulator.DEMO_CLIENT_ID, "client-code",
                    SingleViewEmulator.DEMO_CLIENT_CODE, "company-id", SingleViewEmulator.DEMO_COMPANY_ID);
        }
    };

    final String id;
    /** The options it accepts, in display order. */
    final List<String> options;
    /** Which of them are secret. */
    final Set<String> secrets;

    Emulated(String id, List<String> options, Set<String> secrets) {
        this.id = id;
        this.options = options;
        this.secrets = secrets;
    }

    /** Starts the emulator on {@code port} accepting these credentials. */
    abstract VendorEmulator start(int port, Map<String, String> accepted);

    /** The demo credentials it accepts unless told otherwise. */
    abstract Map<String, String> defaults();

    /** The credentials: the defaults overridden by {@code -c} options; an unknown option is an error. */
    Map<String, String> accepted(Map<String, String> given) {
        Map<String, String> accepted = new LinkedHashMap<>();
        for (String option : options) {
            accepted.put(option, given.getOrDefault(option, defaults().get(option)));
        }
        Set<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(options);
        if (!unknown.isEmpty()) {
            throw new ProviderConfigurationException(id, "the " + id + " emulator takes -c " + String.join(", -c ", options)
                    + "; unknown: " + String.join(", ", unknown));
        }
        return accepted;
    }

    /** The emulated vendor with this id, or an error that lists them. */
    static Emulated of(String id) {
        for (Emulated e : values()) {
            if (e.id.equals(id)) {
                return e;
            }
        }
        throw new ProviderConfigurationException(null, "no built-in emulator for '" + id + "'; emulate serves "
                + String.join(" or ", ids()));
    }

    static List<String> ids() {
        return java.util.Arrays.stream(values()).map(e -> e.id).toList();
    }
}
