package dev.tokenkit.emulators;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.security.auth.x500.X500Principal;

/**
 * An emulator of a standard OAuth 2.0 authorization server for the client credentials grant
 * (RFC 6749 §4.4), with RFC 8414 metadata, on a {@link FakeTokenServer}: real HTTP on loopback.
 *
 * <pre>{@code
 * try (OAuth2Emulator oauth2 = OAuth2Emulator.builder().client("my-client", "my-secret", "read").start()) {
 *     // token-url = oauth2.tokenEndpoint(), or issuer = oauth2.issuer()
 *     oauth2.server().enqueue(FakeResponse.status(503));   // the next request fails, as scripted
 * }
 * }</pre>
 *
 * <p><b>Token endpoint</b>, {@code POST {issuer}/oauth2/token}. The emulator answers, in this
 * order of checks (every error is RFC 6749 §5.2's {@code {"error":…,"error_description":…}}):
 * <ul>
 *   <li>another method: {@code 405} with {@code Allow: POST} (§3.2: the client MUST use POST);</li>
 *   <li>a {@code Content-Type} other than {@code application/x-www-form-urlencoded}, a body that
 *       is not valid form encoding, or a parameter sent twice (§3.2; {@code resource} may repeat,
 *       RFC 8707): {@code 400 invalid_request};</li>
 *   <li>two of an {@code Authorization} header, {@code client_secret} and
 *       {@code client_assertion} in the body at once (§2.3: one method per request):
 *       {@code 400 invalid_request};</li>
 *   <li>client authentication (§2.3.1): by {@code Authorization: Basic} (Base64, split at the
 *       first {@code :}, both halves form-decoded) or by {@code client_id} and
 *       {@code client_secret} in the body. An unknown client or a wrong secret is
 *       {@code invalid_client}: {@code 401} with {@code WWW-Authenticate: Basic realm=…} when the
 *       client tried the header or sent no authentication at all, {@code 400} when it used the
 *       body (§5.2). A method the emulator was {@linkplain Builder#authMethods told not to
 *       accept} is {@code invalid_client} too;</li>
 *   <li>or by a {@code client_assertion} (RFC 7523 §2.2) with {@code client_assertion_type}
 *       {@code urn:ietf:params:oauth:client-assertion-type:jwt-bearer}: a JWT signed with one of
 *       the client's {@linkplain Builder#clientKeys(String, Path) public keys}
 *       ({@code private_key_jwt}: RS256, PS256, ES256, ES384, EdDSA) or HS256 with its secret of at
 *       least 32 bytes ({@code client_secret_jwt}), whose {@code iss} and {@code sub} are the
 *       client id, whose {@code aud} names the token endpoint or the issuer, unexpired (30 s
 *       leeway on the emulator's clock), and whose {@code jti} was not used before while unexpired.
 *       Any failure is {@code 400 invalid_client} naming the check that failed;</li>
 *   <li>or, on an {@linkplain Builder#https() HTTPS} emulator, by a TLS client certificate and
 *       {@code client_id} in the body (RFC 8705 §2): the registered
 *       {@linkplain Builder#clientSubject subject DN} ({@code tls_client_auth}) or one of the
 *       registered {@linkplain Builder#clientCertificates(String, Path) self-signed certificates}
 *       ({@code self_signed_tls_client_auth}), valid on the emulator's clock; otherwise
 *       {@code 400 invalid_client};</li>
 *   <li>no {@code grant_type}: {@code 400 invalid_request}; another grant type:
 *       {@code 400 unsupported_grant_type};</li>
 *   <li>a {@code scope} that is malformed (§3.3) or asks for a scope the client is not allowed:
 *       {@code 400 invalid_scope}, naming the scopes not allowed; no {@code scope} grants all of
 *       the client's scopes;</li>
 *   <li>a {@code resource} that is not an absolute URI or has a fragment:
 *       {@code 400 invalid_target} (RFC 8707 §2);</li>
 *   <li>otherwise {@code 200} {@code {"access_token":"<JWT>","token_type":"Bearer",
 *       "expires_in":<seconds>,"scope":"<granted>"}} ({@code scope} left out when none is
 *       granted), with {@code Cache-Control: no-store} and {@code Pragma: no-cache} (§5.1).</li>
 * </ul>
 * Errors carry {@code Cache-Control: no-store} too, and an {@code X-Emulator-Reason} header that
 * repeats the description. Neither ever echoes a secret.
 *
 * <p><b>Metadata</b>, {@code GET /.well-known/oauth-authorization-server{issuer path}} (RFC 8414
 * §3: the well-known segment goes between the host and the issuer's path):
 * {@code issuer}, {@code token_endpoint}, {@code grant_types_supported}
 * ({@code ["client_credentials"]}), {@code token_endpoint_auth_methods_supported},
 * {@code scopes_supported} and {@code response_types_supported} ({@code []}: the emulator has no
 * authorization endpoint); {@code token_endpoint_auth_signing_alg_values_supported} when it accepts
 * client assertions, and, on HTTPS, {@code mtls_endpoint_aliases} with the same token endpoint
 * (RFC 8705 §5). Any other path is {@code 404}.
 *
 * <p><b>Tokens</b> are JWT-shaped with claims {@code iss}, {@code sub} and {@code client_id}
 * (the client id), {@code aud} (the {@code audience} and {@code resource} values, when sent),
 * {@code scope}, {@code iat}, {@code exp} and a random {@code jti}, signed with the emulator's
 * own key so that its {@linkplain #protectedEndpoint() protected API} accepts them. Every
 * successful request issues a new token.
 *
 * <p>Thread-safe; between requests it keeps only the {@code jti}s of unexpired client assertions
 * (to refuse a replay). Requests are handled concurrently.
 */
public final class OAuth2Emulator extends VendorEmulator {

    /** The token endpoint's path below the issuer. */
    public static final String TOKEN_PATH = "/oauth2/token";
    /** The RFC 8414 well-known segment, inserted between the host and the issuer's path. */
    public static final String METADATA_SEGMENT = "/.well-known/oauth-authorization-server";
    /** The default client id ({@code demo-client}). */
    public static final String DEMO_CLIENT_ID = "demo-client";
    /** The default client secret ({@code demo-client-secret}); a demo value, not a secret. */
    public static final String DEMO_CLIENT_SECRET = "demo-client-secret";
    /** The scopes the default client may ask for: {@code read} and {@code write}. */
    public static final List<String> DEMO_SCOPES = List.of("read", "write");
    /** The default token lifetime: one hour. */
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);
    /** The realm of the {@code WWW-Authenticate: Basic} challenge. */
    public static final String REALM = "oauth2-emulator";

    private static final String FORM = "application/x-www-form-urlencoded";
    /** What {@code client_assertion}s may be signed with, as the metadata lists them. */
    private static final List<String> SIGNING_ALGORITHMS = List.of("RS256", "PS256", "ES256", "ES384", "EdDSA", "HS256");
    private static final String CHALLENGE = "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";

    /** The ways a client can authenticate at the token endpoint (RFC 6749 §2.3, RFC 7523, RFC 8705). */
    public enum ClientAuthentication {
        /** {@code client_secret_basic}: an {@code Authorization: Basic} header. */
        CLIENT_SECRET_BASIC,
        /** {@code client_secret_post}: {@code client_id} and {@code client_secret} in the body. */
        CLIENT_SECRET_POST,
        /** {@code client_secret_jwt}: a {@code client_assertion} signed HS256 with the client's secret. */
        CLIENT_SECRET_JWT,
        /** {@code private_key_jwt}: a {@code client_assertion} signed with the client's private key. */
        PRIVATE_KEY_JWT,
        /** {@code tls_client_auth}: a TLS client certificate with the registered subject DN (HTTPS only). */
        TLS_CLIENT_AUTH,
        /** {@code self_signed_tls_client_auth}: the registered self-signed TLS client certificate (HTTPS only). */
        SELF_SIGNED_TLS_CLIENT_AUTH;

        /**
         * The name RFC 7591 and RFC 8414 metadata use.
         *
         * @return the name in lower case, e.g. {@code client_secret_basic} or {@code private_key_jwt}
         */
        public String metadataName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final InstantSource clock;
    private final String issuerPath;
    private final Map<String, RegisteredClient> clients;
    private final Set<ClientAuthentication> authMethods;
    private final Duration tokenLifetime;
    private final JwtAndTlsClientAuthentication strongAuthentication;
    private final Optional<Path> demoClientKeyFile;

    private OAuth2Emulator(Builder builder) {
        super(builder.issuerPath + TOKEN_PATH, builder);
        this.clock = builder.clock();
        this.issuerPath = builder.issuerPath;
        Map<String, RegisteredClient> registered = builder.clients.isEmpty()
                ? Map.of(DEMO_CLIENT_ID, RegisteredClient.of(DEMO_CLIENT_ID, Optional.of(DEMO_CLIENT_SECRET), DEMO_SCOPES))
                : builder.clients;
        if (builder.demoKeyClient.isPresent()) {
            String clientId = builder.demoKeyClient.get();
            Map<String, RegisteredClient> withKey = new LinkedHashMap<>(registered);
            try {
                Path file = Files.createTempFile("tokenkit-demo-client-key-", ".pem");
                withKey.put(clientId, registered.get(clientId).withKeys(List.of(new JwsVerifier.VerificationKey(
                        Optional.empty(), writeDemoKey(file)))));
                this.demoClientKeyFile = Optional.of(file);
            } catch (IOException e) {
                server().close();
                throw new UncheckedIOException("cannot create the demo client key file", e);
            }
            registered = withKey;
        } else {
            this.demoClientKeyFile = Optional.empty();
        }
        this.clients = Map.copyOf(registered);
        EnumSet<ClientAuthentication> methods = EnumSet.copyOf(builder.authMethods);
        if (server().certificate().isEmpty()) {
            // without TLS there is no client certificate to authenticate with
            methods.removeAll(Set.of(ClientAuthentication.TLS_CLIENT_AUTH, ClientAuthentication.SELF_SIGNED_TLS_CLIENT_AUTH));
        }
        this.authMethods = Set.copyOf(methods);
        this.tokenLifetime = builder.tokenLifetime;
        this.strongAuthentication = new JwtAndTlsClientAuthentication(clock);
    }

    /**
     * A builder with the defaults: the system clock, one client {@link #DEMO_CLIENT_ID} /
     * {@link #DEMO_CLIENT_SECRET} allowed {@link #DEMO_SCOPES}, both client authentication
     * methods, tokens of {@link #DEFAULT_TOKEN_LIFETIME}, and an issuer without a path.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts an emulator with all the {@linkplain #builder() defaults}.
     *
     * @return the running emulator; close it when done
     * @throws java.io.UncheckedIOException if no port could be bound
     */
    public static OAuth2Emulator start() {
        return builder().start();
    }

    /**
     * The issuer identifier: {@link #baseUri()} plus the {@linkplain Builder#issuerPath issuer
     * path}, e.g. {@code http://127.0.0.1:41234} or {@code http://127.0.0.1:41234/realms/demo}.
     *
     * @return the issuer, what a client's {@code issuer} option takes
     */
    public URI issuer() {
        return URI.create(baseUri() + issuerPath);
    }

    /**
     * Where the RFC 8414 metadata is served:
     * {@code {base}/.well-known/oauth-authorization-server{issuer path}}.
     *
     * @return the metadata address
     */
    public URI metadataEndpoint() {
        return URI.create(baseUri() + METADATA_SEGMENT + issuerPath);
    }

    /** Writes a fresh EC P-256 private key as PKCS#8 PEM, owner-only, and returns its public half. */
    private static PublicKey writeDemoKey(Path file) throws IOException {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make an EC P-256 key, which every Java SE can", e);
        }
        EmulatorSupport.writeOwnerOnly(file, EmulatorSupport.privateKeyPem(pair.getPrivate()));
        return pair.getPublic();
    }

    /**
     * The private key file of the client given a {@linkplain Builder#demoClientKey(String) demo key}:
     * an EC P-256 key (PKCS#8 PEM) for {@code private_key_jwt}, whose public half this emulator
     * verifies the client's assertions with. Deleted on {@link #close()}.
     *
     * @return the file, or empty when no client was given a demo key
     */
    public Optional<Path> demoClientKeyFile() {
        return demoClientKeyFile;
    }

    /** Stops the server and deletes the demo client key file. */
    @Override
    public void close() {
        super.close();
        demoClientKeyFile.ifPresent(EmulatorSupport::deleteDemoFile);
    }

    /** Forgets the client assertions seen (kept to refuse a replay). */
    @Override
    protected void forget() {
        strongAuthentication.forget();
    }

    /**
     * The address, the client ids and how many tokens were issued; never a secret or a token.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "OAuth2Emulator[" + issuer() + ", clients=" + new TreeSet<>(clients.keySet()) + ", "
                + tokensIssued() + " tokens issued]";
    }

    // --- request handling (server threads) ---

    @Override
    protected FakeResponse respond(RecordedRequest request) {
        String path = request.path();
        if (path.equals(METADATA_SEGMENT + issuerPath)) {
            return request.method().equals("GET") || request.method().equals("HEAD") ? metadata()
                    : notAllowed("GET", "the metadata is read with GET");
        }
        if (!path.equals(issuerPath + TOKEN_PATH)) {
            return FakeResponse.status(404)
                    .header(EmulatorSupport.REASON_HEADER, "no endpoint at this path")
                    .json(EmulatorSupport.object().add("error", "not_found")
                            .add("error_description", "Not Found. The token endpoint is POST " + issuerPath + TOKEN_PATH
                                    + ", the metadata GET " + METADATA_SEGMENT + issuerPath)
                            .build().toString());
        }
        if (!request.method().equals("POST")) {
            return notAllowed("POST", "the token endpoint takes POST only (RFC 6749 section 3.2)");
        }
        return token(request);
    }

    private FakeResponse token(RecordedRequest request) {
        Map<String, List<String>> form;
        try {
            form = formOf(request);
        } catch (IllegalArgumentException e) {
            return error(400, "invalid_request", e.getMessage());
        }
        for (Map.Entry<String, List<String>> parameter : form.entrySet()) {
            if (parameter.getValue().size() > 1 && !parameter.getKey().equals("resource")) {
                return error(400, "invalid_request", "parameter " + safeName(parameter.getKey())
                        + " is sent more than once (RFC 6749 section 3.2)");
            }
        }
        String authorization = request.header("Authorization").orElse(null);
        String bodyId = first(form, "client_id");
        String bodySecret = first(form, "client_secret");
        String assertion = first(form, "client_assertion");
        String assertionType = first(form, "client_assertion_type");
        boolean assertionSent = assertion != null || assertionType != null;
        if ((authorization != null ? 1 : 0) + (bodySecret != null ? 1 : 0) + (assertionSent ? 1 : 0) > 1) {
            return error(400, "invalid_request", "the request uses two client authentication methods (of an"
                    + " Authorization header, client_secret and client_assertion in the body); use one (RFC 6749 section"
                    + " 2.3)");
        }
        RegisteredClient client;
        if (assertionSent) {
            try {
                client = strongAuthentication.byAssertion(clients, authMethods, assertionType,
                        assertion == null ? "" : assertion, Optional.ofNullable(bodyId),
                        Set.of(tokenEndpoint().toString(), issuer().toString()));
            } catch (JwsVerifier.Rejected e) {
                return error(400, "invalid_client", e.getMessage());
            }
        } else if (authorization == null && bodySecret == null && bodyId != null
                && !request.clientCertificates().isEmpty()) {
            try {
                client = strongAuthentication.byCertificate(clients, authMethods, bodyId, request.clientCertificates());
            } catch (JwsVerifier.Rejected e) {
                return error(400, "invalid_client", e.getMessage());
            }
        } else {
            FakeResponse rejected = authorization != null ? checkBasic(authorization, bodyId)
                    : checkPost(bodyId, bodySecret);
            if (rejected != null) {
                return rejected;
            }
            client = clients.get(authorization != null ? basicCredentials(authorization)[0] : bodyId);
        }
        String grantType = first(form, "grant_type");
        if (grantType == null) {
            return error(400, "invalid_request", "grant_type is missing; send grant_type=client_credentials");
        }
        if (!grantType.equals("client_credentials")) {
            return error(400, "unsupported_grant_type", "this server supports grant_type=client_credentials only");
        }
        String scope = first(form, "scope");
        List<String> granted;
        if (scope == null) {
            granted = client.scopes();
        } else {
            if (!scope.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+( [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*")) {
                return error(400, "invalid_scope", "scope must be scope tokens separated by single spaces"
                        + " (RFC 6749 section 3.3)");
            }
            granted = List.copyOf(new LinkedHashSet<>(List.of(scope.split(" "))));
            List<String> notAllowed = new ArrayList<>(granted);
            notAllowed.removeAll(client.scopes());
            if (!notAllowed.isEmpty()) {
                return error(400, "invalid_scope", "scope " + String.join(" ", notAllowed)
                        + " is not allowed for this client (allowed: " + String.join(" ", client.scopes()) + ")");
            }
        }
        List<String> resources = form.getOrDefault("resource", List.of());
        for (String resource : resources) {
            if (!isResourceIndicator(resource)) {
                return error(400, "invalid_target", "each resource must be an absolute URI without a fragment"
                        + " (RFC 8707 section 2)");
            }
        }
        List<String> audience = new ArrayList<>(resources);
        String audienceParameter = first(form, "audience");
        if (audienceParameter != null) {
            audience.add(0, audienceParameter);
        }
        return issue(client, granted, audience);
    }

    /** Why Basic authentication failed, or {@code null} when it succeeded. */
    private FakeResponse checkBasic(String authorization, String bodyId) {
        if (!authMethods.contains(ClientAuthentication.CLIENT_SECRET_BASIC)) {
            return error(400, "invalid_client", "this server does not accept client_secret_basic; send client_id and"
                    + " client_secret in the form body (client_secret_post)");
        }
        String[] credentials = basicCredentials(authorization);
        if (credentials == null) {
            return unauthenticated("the Authorization header is not HTTP Basic credentials encoded as RFC 6749"
                    + " section 2.3.1 says (Base64 of the form-encoded id, a colon, the form-encoded secret)");
        }
        if (bodyId != null && !bodyId.equals(credentials[0])) {
            return error(400, "invalid_request", "client_id in the body differs from the client in the Authorization"
                    + " header");
        }
        return authenticates(credentials[0], credentials[1]) ? null
                : unauthenticated("client authentication failed: unknown client or wrong secret");
    }

    /** Why body authentication failed, or {@code null} when it succeeded. */
    private FakeResponse checkPost(String bodyId, String bodySecret) {
        if (bodyId == null && bodySecret == null) {
            return unauthenticated("no client authentication: send an Authorization: Basic header, client_id and"
                    + " client_secret in the body, or a client_assertion");
        }
        if (!authMethods.contains(ClientAuthentication.CLIENT_SECRET_POST)) {
            return unauthenticated("this server does not accept client_secret_post; use HTTP Basic authentication"
                    + " (client_secret_basic)");
        }
        if (bodyId == null || bodySecret == null) {
            return error(400, "invalid_client", (bodyId == null ? "client_secret without client_id"
                    : "client_id without client_secret"
                    + (server().certificate().isPresent() ? " or a TLS client certificate" : "")
                    + " (or a client_assertion)") + "; the client credentials grant needs both");
        }
        return authenticates(bodyId, bodySecret) ? null
                : error(400, "invalid_client", "client authentication failed: unknown client or wrong secret");
    }

    /** {@code [id, secret]} from {@code Authorization: Basic …}, or {@code null} when malformed. */
    private static String[] basicCredentials(String authorization) {
        String value = authorization.strip();
        if (value.length() < 6 || !value.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            return new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private boolean authenticates(String id, String secret) {
        RegisteredClient client = clients.get(id);
        // compare a secret even for an unknown client: the time taken must not tell which was wrong
        String expected = client == null ? "" : client.secret().orElse("");
        boolean secretMatches = EmulatorSupport.sameSecret(expected, secret);
        return client != null && !expected.isEmpty() & secretMatches;
    }

    private FakeResponse issue(RegisteredClient client, List<String> scopes, List<String> audience) {
        long iat = clock.instant().getEpochSecond();
        JsonObjectBuilder claims = EmulatorSupport.object()
                .add("iss", issuer().toString())
                .add("sub", client.id())
                .add("client_id", client.id());
        if (audience.size() == 1) {
            claims.add("aud", audience.get(0));
        } else if (!audience.isEmpty()) {
            claims.add("aud", strings(audience));
        }
        if (!scopes.isEmpty()) {
            claims.add("scope", String.join(" ", scopes));
        }
        claims.add("iat", iat).add("exp", iat + tokenLifetime.getSeconds()).add("jti", UUID.randomUUID().toString());
        JsonObjectBuilder body = EmulatorSupport.object()
                .add("access_token", jwt(claims.build()))
                .add("token_type", "Bearer")
                .add("expires_in", tokenLifetime.getSeconds());
        if (!scopes.isEmpty()) {
            body.add("scope", String.join(" ", scopes));
        }
        countIssued();
        return noStore(FakeResponse.ok(body.build().toString()));
    }

    private FakeResponse metadata() {
        Set<String> scopes = new LinkedHashSet<>();
        clients.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).forEach(c -> scopes.addAll(c.scopes()));
        JsonArrayBuilder methods = EmulatorSupport.array();
        for (ClientAuthentication method : ClientAuthentication.values()) {
            if (authMethods.contains(method)) {
                methods.add(method.metadataName());
            }
        }
        JsonObjectBuilder metadata = EmulatorSupport.object()
                .add("issuer", issuer().toString())
                .add("token_endpoint", tokenEndpoint().toString())
                .add("grant_types_supported", strings(List.of("client_credentials")))
                .add("token_endpoint_auth_methods_supported", methods)
                .add("scopes_supported", strings(List.copyOf(scopes)))
                .add("response_types_supported", EmulatorSupport.array());
        if (authMethods.contains(ClientAuthentication.PRIVATE_KEY_JWT)
                || authMethods.contains(ClientAuthentication.CLIENT_SECRET_JWT)) {
            metadata.add("token_endpoint_auth_signing_alg_values_supported", strings(SIGNING_ALGORITHMS));
        }
        if (server().certificate().isPresent()) {
            // RFC 8705 section 5: the token endpoint takes client certificates at its own address
            metadata.add("mtls_endpoint_aliases", EmulatorSupport.object().add("token_endpoint", tokenEndpoint().toString()));
        }
        return FakeResponse.ok(metadata.build().toString());
    }

    private FakeResponse unauthenticated(String description) {
        if (!authMethods.contains(ClientAuthentication.CLIENT_SECRET_BASIC)) {
            return error(400, "invalid_client", description);
        }
        return error(401, "invalid_client", description).header("WWW-Authenticate", CHALLENGE);
    }

    private static FakeResponse notAllowed(String allow, String description) {
        return error(405, "invalid_request", "Method Not Allowed: " + description).header("Allow", allow);
    }

    /** An RFC 6749 §5.2 error; the description names parameters, never their values. */
    private static FakeResponse error(int status, String code, String description) {
        return noStore(FakeResponse.status(status)
                .header(EmulatorSupport.REASON_HEADER, EmulatorSupport.printable(description))
                .json(EmulatorSupport.object().add("error", code).add("error_description", description)
                        .build().toString()));
    }

    private static FakeResponse noStore(FakeResponse response) {
        return response.header("Cache-Control", "no-store").header("Pragma", "no-cache");
    }

    private static JsonArrayBuilder strings(List<String> values) {
        JsonArrayBuilder array = EmulatorSupport.array();
        values.forEach(array::add);
        return array;
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null ? null : values.get(0);
    }

    /** A parameter name fit for an error description: printable, no quote or backslash, short. */
    private static String safeName(String name) {
        String printable = EmulatorSupport.printable(name).replace('"', '?').replace('\\', '?');
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }

    private static boolean isResourceIndicator(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * The form a token request carries.
     *
     * @throws IllegalArgumentException whose message, fit for an {@code invalid_request}
     *                                  description, says the {@code Content-Type} is not
     *                                  {@code application/x-www-form-urlencoded} or the body is
     *                                  not valid form encoding
     */
    static Map<String, List<String>> formOf(RecordedRequest request) {
        if (!EmulatorSupport.hasMediaType(request, FORM)) {
            throw new IllegalArgumentException("Content-Type must be " + FORM);
        }
        try {
            return parseForm(request.body());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the body is not valid " + FORM, e);
        }
    }

    /**
     * Decodes an {@code application/x-www-form-urlencoded} body (UTF-8, {@code +} as space).
     *
     * @throws IllegalArgumentException on a malformed percent escape or an empty name
     */
    static Map<String, List<String>> parseForm(String body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty parameter name");
            }
            form.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return form;
    }

    /**
     * Configures and starts an {@link OAuth2Emulator}. Not thread-safe.
     */
    public static final class Builder extends VendorEmulator.Builder<Builder> {
        private final Map<String, RegisteredClient> clients = new LinkedHashMap<>();
        private final Set<ClientAuthentication> authMethods = EnumSet.allOf(ClientAuthentication.class);
        private Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;
        private String issuerPath = "";
        private Optional<String> demoKeyClient = Optional.empty();

        private Builder() {
        }

        /**
         * Gives a registered client a fresh demo key for {@code private_key_jwt}: the emulator makes
         * an EC P-256 key when it starts, verifies the client's assertions with its public half, and
         * writes its private half to an owner-only PEM file ({@link OAuth2Emulator#demoClientKeyFile()}),
         * deleted on {@link OAuth2Emulator#close()}.
         *
         * @param clientId a client {@linkplain #client(String, String, String...) registered} before
         * @return this builder
         * @throws IllegalArgumentException if the client is not registered
         */
        public Builder demoClientKey(String clientId) {
            update(clientId, UnaryOperator.identity());
            this.demoKeyClient = Optional.of(clientId);
            return this;
        }

        /**
         * Registers a client. Once any client is registered, the demo client is not.
         *
         * @param clientId     the client id: any text but empty (it may hold {@code :}, {@code +},
         *                     spaces or non-ASCII, which Basic authentication form-encodes)
         * @param clientSecret the secret: any text but empty
         * @param scopes       the scopes it may ask for, each a scope token of RFC 6749 §3.3
         *                     (printable ASCII but space, {@code "} and {@code \}); none is allowed
         * @return this builder
         * @throws IllegalArgumentException if the id or secret is empty, a scope is malformed, or a
         *                                  client of that id is registered already
         */
        public Builder client(String clientId, String clientSecret, String... scopes) {
            Objects.requireNonNull(clientSecret, "clientSecret");
            if (clientSecret.isEmpty()) {
                throw new IllegalArgumentException("clientSecret must not be empty");
            }
            return register(clientId, Optional.of(clientSecret), List.of(scopes));
        }

        /**
         * Registers a client without a secret, which authenticates with a key
         * ({@link #clientKeys(String, Path)}) or a TLS client certificate
         * ({@link #clientSubject(String, String)}, {@link #clientCertificates(String, Path)}). Once
         * any client is registered, the demo client is not.
         *
         * @param clientId the client id: any text but empty
         * @param scopes   the scopes it may ask for, as for {@link #client(String, String, String...)}
         * @return this builder
         * @throws IllegalArgumentException if the id is empty, a scope is malformed, or a client of
         *                                  that id is registered already
         */
        public Builder client(String clientId, List<String> scopes) {
            return register(clientId, Optional.empty(), scopes);
        }

        private Builder register(String clientId, Optional<String> secret, List<String> scopes) {
            Objects.requireNonNull(clientId, "clientId");
            if (clientId.isEmpty()) {
                throw new IllegalArgumentException("clientId must not be empty");
            }
            for (String scope : scopes) {
                if (!Objects.requireNonNull(scope, "scope").matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
                    throw new IllegalArgumentException("scope '" + EmulatorSupport.printable(scope) + "' is not a scope"
                            + " token of RFC 6749 section 3.3 (printable ASCII without space, quote or backslash)");
                }
            }
            if (clients.containsKey(clientId)) {
                throw new IllegalArgumentException("client '" + clientId + "' is registered twice");
            }
            clients.put(clientId, RegisteredClient.of(clientId, secret, List.copyOf(new LinkedHashSet<>(scopes))));
            return this;
        }

        /**
         * Adds public keys that a registered client's {@code private_key_jwt} assertions verify
         * with, read from a file: PEM {@code PUBLIC KEY} or {@code CERTIFICATE} blocks, or a JWK Set
         * (a JWK's {@code kid} selects it when an assertion's header names one).
         *
         * @param clientId a client {@linkplain #client(String, String, String...) registered} before
         * @param keyFile  the PEM or JWK Set file
         * @return this builder
         * @throws IllegalArgumentException if the client is not registered, or the file cannot be
         *                                  read or holds no public key (the message names the file
         *                                  and the fix, never key material)
         */
        public Builder clientKeys(String clientId, Path keyFile) {
            Objects.requireNonNull(keyFile, "keyFile");
            return update(clientId, c -> c.withKeys(PublicKeyFiles.keys(keyFile)));
        }

        /**
         * Adds public keys that a registered client's {@code private_key_jwt} assertions verify with.
         *
         * @param clientId a client {@linkplain #client(String, String, String...) registered} before
         * @param keys     RSA (2048 bits or more), EC (P-256, P-384) or EdDSA public keys
         * @return this builder
         * @throws IllegalArgumentException if the client is not registered
         */
        public Builder clientKeys(String clientId, PublicKey... keys) {
            List<JwsVerifier.VerificationKey> verificationKeys = new ArrayList<>();
            for (PublicKey key : keys) {
                verificationKeys.add(new JwsVerifier.VerificationKey(Optional.empty(), Objects.requireNonNull(key, "key")));
            }
            return update(clientId, c -> c.withKeys(verificationKeys));
        }

        /**
         * Registers the subject distinguished name of a client's TLS certificate, for
         * {@code tls_client_auth} (RFC 8705 §2.1.2): a request with this {@code client_id} and a
         * certificate of this subject authenticates the client. The emulator compares the subject
         * only; it checks no issuer (an HTTPS emulator takes every client certificate).
         *
         * @param clientId  a client {@linkplain #client(String, String, String...) registered} before
         * @param subjectDn the subject, e.g. {@code CN=my-client,O=Acme}
         * @return this builder
         * @throws IllegalArgumentException if the client is not registered or the DN is malformed
         */
        public Builder clientSubject(String clientId, String subjectDn) {
            X500Principal subject = new X500Principal(Objects.requireNonNull(subjectDn, "subjectDn"));
            return update(clientId, c -> c.withSubject(subject));
        }

        /**
         * Registers a client's self-signed TLS certificates, read from a PEM file, for
         * {@code self_signed_tls_client_auth} (RFC 8705 §2.2): a request with this
         * {@code client_id} and one of these exact certificates authenticates the client.
         *
         * @param clientId        a client {@linkplain #client(String, String, String...) registered} before
         * @param certificateFile PEM {@code CERTIFICATE} blocks
         * @return this builder
         * @throws IllegalArgumentException if the client is not registered, or the file cannot be
         *                                  read or holds anything but certificates
         */
        public Builder clientCertificates(String clientId, Path certificateFile) {
            Objects.requireNonNull(certificateFile, "certificateFile");
            return update(clientId, c -> c.withCertificates(PublicKeyFiles.certificates(certificateFile)));
        }

        /**
         * Registers a client's self-signed TLS certificates, for {@code self_signed_tls_client_auth}.
         *
         * @param clientId     a client {@linkplain #client(String, String, String...) registered} before
         * @param certificates the certificates
         * @return this builder
         * @throws IllegalArgumentException if the client is not registered
         */
        public Builder clientCertificates(String clientId, X509Certificate... certificates) {
            List<X509Certificate> list = List.of(certificates);
            return update(clientId, c -> c.withCertificates(list));
        }

        private Builder update(String clientId, UnaryOperator<RegisteredClient> change) {
            RegisteredClient client = clients.get(Objects.requireNonNull(clientId, "clientId"));
            if (client == null) {
                throw new IllegalArgumentException("client '" + EmulatorSupport.printable(clientId) + "' is not"
                        + " registered; register it first with client(...)");
            }
            clients.put(clientId, change.apply(client));
            return this;
        }

        /**
         * The client authentication methods the token endpoint accepts (and the metadata lists).
         *
         * @param methods at least one; the default is all of them ({@code tls_client_auth} and
         *                {@code self_signed_tls_client_auth} only on an {@linkplain #https() HTTPS}
         *                emulator)
         * @return this builder
         * @throws IllegalArgumentException if none is given
         */
        public Builder authMethods(ClientAuthentication... methods) {
            if (methods.length == 0) {
                throw new IllegalArgumentException("authMethods: give at least one method");
            }
            authMethods.clear();
            for (ClientAuthentication method : methods) {
                authMethods.add(Objects.requireNonNull(method, "method"));
            }
            return this;
        }

        /**
         * The lifetime of a token: its {@code expires_in} and the distance from its {@code iat}
         * to its {@code exp}.
         *
         * @param tokenLifetime whole seconds, at least one; the default is
         *                      {@link #DEFAULT_TOKEN_LIFETIME}
         * @return this builder
         * @throws IllegalArgumentException if it is not a positive whole number of seconds
         */
        public Builder tokenLifetime(Duration tokenLifetime) {
            this.tokenLifetime = EmulatorSupport.requireSeconds(tokenLifetime, "tokenLifetime", 1);
            return this;
        }

        /**
         * A path for the issuer identifier, as Keycloak ({@code /realms/demo}) or Entra ID
         * ({@code /<tenant>/v2.0}) have: the issuer becomes {@code {base}{issuerPath}}, the token
         * endpoint {@code {issuer}/oauth2/token}, and the metadata moves to
         * {@code {base}/.well-known/oauth-authorization-server{issuerPath}} (RFC 8414 §3.1).
         *
         * @param issuerPath empty (the default), or {@code /} followed by path segments of
         *                   letters, digits, {@code -}, {@code .}, {@code _} and {@code ~},
         *                   without a trailing {@code /}
         * @return this builder
         * @throws IllegalArgumentException if the path is not of that form
         */
        public Builder issuerPath(String issuerPath) {
            Objects.requireNonNull(issuerPath, "issuerPath");
            if (!issuerPath.isEmpty() && !issuerPath.matches("(/[A-Za-z0-9._~-]+)+")) {
                throw new IllegalArgumentException("issuerPath must be empty or like /realms/demo (segments of letters,"
                        + " digits, '-', '.', '_', '~'; no trailing slash), was '" + EmulatorSupport.printable(issuerPath)
                        + "'");
            }
            this.issuerPath = issuerPath;
            return this;
        }

        /**
         * Starts the emulator on {@code 127.0.0.1}.
         *
         * @return the running emulator; close it when done
         * @throws java.io.UncheckedIOException if the port could not be bound
         */
        public OAuth2Emulator start() {
            OAuth2Emulator emulator = new OAuth2Emulator(this);
            emulator.plugIn();
            return emulator;
        }
    }
}
