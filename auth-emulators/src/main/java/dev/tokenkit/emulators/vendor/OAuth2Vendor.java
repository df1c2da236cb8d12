package dev.tokenkit.emulators.vendor;

import dev.tokenkit.emulators.DemoToken;
import dev.tokenkit.emulators.EmulatedVendor;
import dev.tokenkit.emulators.OAuth2Emulator;
import dev.tokenkit.emulators.VendorEmulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link OAuth2Emulator} as {@code tokenkit emulate oauth2} serves it and {@code tokenkit demo}
 * shows it: one client id and secret, and the scopes it may ask for, plus, when the setup gives
 * them, the client's public keys and TLS certificate, over HTTPS if asked; the demo configures the
 * issuer and shows the token endpoint discovered once, and HTTP Basic client authentication, then a
 * private_key_jwt exchange with a key the emulator writes for its client (without given keys),
 * deleted when it stops.
 */
public final class OAuth2Vendor implements EmulatedVendor {
    private static final String CLIENT_ID = "client-id";
    private static final String CLIENT_SECRET = "client-secret";
    private static final String SCOPE = "scope";
    private static final String AUTH_METHOD = "auth-method";
    private static final String PRIVATE_KEY_FILE = "private-key-file";

    /** For {@link java.util.ServiceLoader}. */
    public OAuth2Vendor() {
    }

    @Override
    public String providerId() {
        return "oauth2";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.plain(CLIENT_ID, OAuth2Emulator.DEMO_CLIENT_ID),
                Option.secret(CLIENT_SECRET, OAuth2Emulator.DEMO_CLIENT_SECRET),
                // to the emulator, the scopes the client may ask for; to a client, those it asks for
                new Option(SCOPE, false, String.join(" ", OAuth2Emulator.DEMO_SCOPES), false));
    }

    @Override
    public VendorEmulator start(int port, Map<String, String> accepted) {
        return start(Setup.plain(port), accepted);
    }

    /**
     * The client of {@code client-id} with its secret, plus the keys (private_key_jwt), subject DN
     * (tls_client_auth) and self-signed certificates (self_signed_tls_client_auth) the setup gives.
     */
    @Override
    public VendorEmulator start(Setup setup, Map<String, String> accepted) {
        String scope = accepted.get(SCOPE).strip();
        String clientId = accepted.get(CLIENT_ID);
        OAuth2Emulator.Builder builder = OAuth2Emulator.builder().port(setup.port()).client(clientId,
                accepted.get(CLIENT_SECRET), scope.isEmpty() ? new String[0] : scope.split("\\s+"));
        if (setup.https()) {
            builder.https();
        } else if (setup.clientSubject().isPresent() || setup.clientCertificates().isPresent()) {
            throw new IllegalArgumentException("a client certificate (tls_client_auth, self_signed_tls_client_auth)"
                    + " needs HTTPS: give --tls-trust FILE too");
        }
        if (setup.clientKeys().isPresent()) {
            builder.clientKeys(clientId, setup.clientKeys().get());
        } else {
            builder.demoClientKey(clientId);
        }
        setup.clientSubject().ifPresent(subject -> builder.clientSubject(clientId, subject));
        setup.clientCertificates().ifPresent(file -> builder.clientCertificates(clientId, file));
        return builder.start();
    }

    @Override
    public List<String> endpointOptions(VendorEmulator running) {
        return List.of("token-url=" + running.tokenEndpoint());
    }

    @Override
    public List<String> addresses(VendorEmulator running) {
        OAuth2Emulator oauth2 = (OAuth2Emulator) running;
        List<String> lines = new ArrayList<>(List.of("issuer          " + oauth2.issuer() + " (-c issuer="
                + oauth2.issuer() + " discovers the token endpoint)", "metadata        GET " + oauth2.metadataEndpoint()));
        oauth2.demoClientKeyFile().ifPresent(file -> lines.add("client key      " + file + " (private_key_jwt: -c "
                + AUTH_METHOD + "=private_key_jwt -c " + PRIVATE_KEY_FILE + "=" + file + "; deleted when the emulator"
                + " stops)"));
        return lines;
    }

    @Override
    public List<String> demoConfiguration(VendorEmulator running) {
        return List.of("issuer=" + ((OAuth2Emulator) running).issuer(), CLIENT_ID + "=" + OAuth2Emulator.DEMO_CLIENT_ID,
                CLIENT_SECRET + "=" + OAuth2Emulator.DEMO_CLIENT_SECRET, SCOPE + "=" + OAuth2Emulator.DEMO_SCOPES.get(0));
    }

    @Override
    public List<String> demoIntroduction() {
        return List.of("The first fetch reads the issuer's RFC 8414 metadata for the token endpoint, then asks it"
                + " for a token with HTTP Basic client authentication (RFC 6749 section 2.3.1):");
    }

    /** A private_key_jwt exchange with the demo client's key, which the emulator wrote and verifies with. */
    @Override
    public Optional<DemoExchange> demoAnotherExchange(VendorEmulator running) {
        OAuth2Emulator oauth2 = (OAuth2Emulator) running;
        return oauth2.demoClientKeyFile().map(file -> new DemoExchange(List.of("The same client authenticates with"
                + " private_key_jwt (RFC 7523 section 2.2): a JWT it signs with its private key (here an EC P-256"
                + " key the emulator wrote for the demo), which the emulator verifies with the public half:"),
                List.of("token-url=" + oauth2.tokenEndpoint(), CLIENT_ID + "=" + OAuth2Emulator.DEMO_CLIENT_ID,
                        AUTH_METHOD + "=private_key_jwt", PRIVATE_KEY_FILE + "=" + file,
                        SCOPE + "=" + OAuth2Emulator.DEMO_SCOPES.get(0))));
    }

    @Override
    public Optional<String> demoSecondFetch() {
        return Optional.of(", from the token endpoint it discovered before");
    }

    @Override
    public List<String> demoSecondToken(VendorEmulator running, DemoToken first, DemoToken second) {
        long metadataReads = running.server().requests().stream()
                .filter(r -> r.path().startsWith(OAuth2Emulator.METADATA_SEGMENT)).count();
        return List.of("The emulator received " + running.server().requestCount() + " requests: " + metadataReads
                + " metadata read (discovery is once per provider) and " + running.tokensIssued()
                + " token requests.");
    }
}
