package dev.tokenkit.cli;

import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.emulators.OAuth2Emulator;
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
    },
    /** A standard OAuth 2.0 server: accepts one client id and secret, which may ask for the given scopes. */
    OAUTH2("oauth2", List.of("client-id", "client-secret", "scope"), Set.of("client-secret")) {
        @Override
        VendorEmulator start(int port, Map<String, String> accepted) {
            String scope = accepted.get("scope").strip();
            try {
                return OAuth2Emulator.builder().port(port).client(accepted.get("client-id"), accepted.get("client-secret"),
                        scope.isEmpty() ? new String[0] : scope.split("\\s+")).start();
            } catch (IllegalArgumentException e) {
                // the message names the option's problem, never a secret value
                throw new ProviderConfigurationException(id, "the " + id + " emulator cannot take these -c options: "
                        + e.getMessage());
            }
        }

        @Override
        Map<String, String> defaults() {
            return Map.of("client-id", OAuth2Emulator.DEMO_CLIENT_ID, "client-secret", OAuth2Emulator.DEMO_CLIENT_SECRET,
                    "scope", String.join(" ", OAuth2Emulator.DEMO_SCOPES));
        }

        @Override
        List<String> endpoint(VendorEmulator emulator) {
            return List.of("token-url=" + emulator.tokenEndpoint());
        }

        @Override
        boolean forTokenCommand(String option) {
            return !option.equals("scope");
        }

        @Override
        List<String> addresses(VendorEmulator emulator) {
            OAuth2Emulator oauth2 = (OAuth2Emulator) emulator;
            return List.of("issuer          " + oauth2.issuer() + " (-c issuer=" + oauth2.issuer()
                    + " discovers the token endpoint)", "metadata        GET " + oauth2.metadataEndpoint());
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

    /** The {@code -c} options of {@code tokenkit token} that point at the running emulator. */
    List<String> endpoint(VendorEmulator emulator) {
        return List.of("base-url=" + emulator.baseUri());
    }

    /** Whether an accepted option is also an option of {@code tokenkit token} (and so on the "try" line). */
    boolean forTokenCommand(String option) {
        return true;
    }

    /** More addresses to print beside the token endpoint, each a label and a value. */
    List<String> addresses(VendorEmulator emulator) {
        return List.of();
    }

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
