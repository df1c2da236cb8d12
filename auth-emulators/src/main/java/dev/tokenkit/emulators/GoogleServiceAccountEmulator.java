package dev.tokenkit.emulators;

import dev.tokenkit.emulators.JwsVerifier.Expected;
import dev.tokenkit.emulators.JwsVerifier.Rejected;
import dev.tokenkit.emulators.JwsVerifier.VerificationKey;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * An emulator of Google's OAuth 2.0 token endpoint for service accounts, {@code POST /token}
 * (as {@code https://oauth2.googleapis.com/token}), answering the JWT bearer grant (RFC 7523
 * §2.1) the way Google documents it for server-to-server applications: real HTTP on loopback.
 *
 * <pre>{@code
 * try (GoogleServiceAccountEmulator google = GoogleServiceAccountEmulator.builder()
 *         .serviceAccountKeyFile(Path.of("service-account.json")).start()) {
 *     // token-uri = google.tokenEndpoint()
 * }
 * }</pre>
 *
 * <p><b>Requests.</b> In this order of checks, each error Google's shape
 * {@code {"error":…,"error_description":…}} at {@code 400}:
 * <ul>
 *   <li>another path: {@code 404}; another method: {@code 405} with {@code Allow: POST};</li>
 *   <li>a {@code Content-Type} other than {@code application/x-www-form-urlencoded}, or a body
 *       that is not form encoding: {@code invalid_request};</li>
 *   <li>{@code grant_type} other than {@value #GRANT_TYPE}: {@code unsupported_grant_type};
 *       no {@code assertion}: {@code invalid_request};</li>
 *   <li>an assertion whose {@code iss} is no registered service account, whose RS256 signature
 *       does not verify with that account's public key (a {@code kid} must be the key's id),
 *       whose {@code aud} is not the token endpoint (or Google's), that has expired (30 s leeway),
 *       or whose {@code exp} − {@code iat} is over an hour: {@code invalid_grant};</li>
 *   <li>no {@code scope} claim: {@code invalid_scope};</li>
 *   <li>otherwise {@code 200} {@code {"access_token":"<JWT>","expires_in":3599,"token_type":"Bearer"}}.</li>
 * </ul>
 * A {@code sub} claim (domain-wide delegation) becomes the token's subject. Tokens are the
 * emulator's own JWTs, accepted by its {@linkplain #protectedEndpoint() protected API}.
 *
 * <p><b>Accounts.</b> The emulator holds only public keys: registered
 * {@linkplain Builder#serviceAccount(String, String, PublicKey) directly} or read from a key
 * file's private key ({@link Builder#serviceAccountKeyFile(Path)}). Without any, it makes a demo
 * account and writes its key file ({@link #demoKeyFile()}: a fresh RSA key, owner-only, whose
 * {@code token_uri} is this emulator), deleted on {@link #close()}.
 *
 * <p>Thread-safe; requests are handled concurrently.
 */
public final class GoogleServiceAccountEmulator extends VendorEmulator {
    /** The token endpoint's path. */
    public static final String TOKEN_PATH = "/token";
    /** The JWT bearer grant type (RFC 7523 §2.1). */
    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    /** Google's own token endpoint, which assertions may also name as their {@code aud}. */
    public static final String GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";
    /** The demo account's email. */
    public static final String DEMO_CLIENT_EMAIL = "demo@tokenkit-demo.iam.gserviceaccount.com";
    /** The lifetime of a token, as Google answers it: 3599 seconds. */
    public static final Duration TOKEN_LIFETIME = Duration.ofSeconds(3599);

    private static final Duration MAX_ASSERTION_LIFETIME = Duration.ofHours(1);

    private final InstantSource clock;
    private final JwsVerifier verifier;
    private final Map<String, ServiceAccountKeyFile> accounts;
    private final Optional<Path> demoKeyFile;

    private GoogleServiceAccountEmulator(Builder builder) {
        super(TOKEN_PATH, builder);
        this.clock = builder.clock();
        this.verifier = new JwsVerifier(clock);
        Map<String, ServiceAccountKeyFile> registered = new LinkedHashMap<>(builder.accounts);
        if (registered.isEmpty()) {
            try {
                Path file = Files.createTempFile("tokenkit-demo-service-account-", ".json");
                registered.put(DEMO_CLIENT_EMAIL, ServiceAccountKeyFile.writeDemo(file, DEMO_CLIENT_EMAIL,
                        tokenEndpoint().toString()));
                this.demoKeyFile = Optional.of(file);
            } catch (IOException e) {
                server().close();
                throw new UncheckedIOException("cannot create the demo service-account key file", e);
            }
        } else {
            this.demoKeyFile = Optional.empty();
        }
        this.accounts = Map.copyOf(registered);
    }

    /**
     * A builder: the system clock, no account (so a demo account).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The key file of the demo account, when no account was registered: a Google service-account
     * key (JSON) whose {@code token_uri} is this emulator's token endpoint. Deleted on {@link #close()}.
     *
     * @return the file, or empty when accounts were registered
     */
    public Optional<Path> demoKeyFile() {
        return demoKeyFile;
    }

    /** Forgets nothing but the assertions seen. */
    @Override
    protected void forget() {
        verifier.forget();
    }

    /** Stops the server and deletes the demo key file. */
    @Override
    public void close() {
        super.close();
        demoKeyFile.ifPresent(EmulatorSupport::deleteDemoFile);
    }

    /**
     * The address and the service accounts; never a key.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "GoogleServiceAccountEmulator[" + baseUri() + ", accounts=" + new TreeSet<>(accounts.keySet()) + ", "
                + tokensIssued() + " tokens issued]";
    }

    @Override
    protected FakeResponse respond(RecordedRequest request) {
        if (!request.path().equals(TOKEN_PATH)) {
            return error(404, "not_found", "Not Found. The token endpoint is POST " + TOKEN_PATH);
        }
        if (!request.method().equals("POST")) {
            return error(405, "invalid_request", "Method Not Allowed: the token endpoint takes POST").header("Allow", "POST");
        }
        Map<String, List<String>> form;
        try {
            form = OAuth2Emulator.formOf(request);
        } catch (IllegalArgumentException e) {
            return error(400, "invalid_request", e.getMessage());
        }
        if (!List.of(GRANT_TYPE).equals(form.get("grant_type"))) {
            return error(400, "unsupported_grant_type", "Invalid grant_type: use " + GRANT_TYPE);
        }
        List<String> assertions = form.get("assertion");
        if (assertions == null || assertions.size() != 1) {
            return error(400, "invalid_request", "Missing required parameter: assertion");
        }
        String assertion = assertions.get(0);
        ServiceAccountKeyFile account = JwsVerifier.unverifiedIssuer(assertion).map(accounts::get).orElse(null);
        if (account == null) {
            return error(400, "invalid_grant", "Invalid grant: account not found");
        }
        JsonObject claims;
        try {
            claims = verifier.verify(assertion, List.of(new VerificationKey(Optional.of(account.privateKeyId()),
                    account.publicKey())), new Expected(account.clientEmail(), Optional.empty(),
                    Set.of(tokenEndpoint().toString(), GOOGLE_TOKEN_URI), Optional.of(MAX_ASSERTION_LIFETIME), false));
        } catch (Rejected e) {
            return error(400, "invalid_grant", "Invalid JWT: " + e.getMessage());
        }
        Optional<String> scope = EmulatorSupport.string(claims, "scope").filter(s -> !s.isBlank());
        if (scope.isEmpty()) {
            return error(400, "invalid_scope", "Invalid OAuth scope or ID token audience provided: the assertion needs"
                    + " a scope claim");
        }
        long iat = clock.instant().getEpochSecond();
        JsonObject token = EmulatorSupport.object().add("iss", baseUri().toString())
                .add("sub", EmulatorSupport.string(claims, "sub").orElse(account.clientEmail()))
                .add("azp", account.clientEmail()).add("scope", scope.get()).add("iat", iat)
                .add("exp", iat + TOKEN_LIFETIME.getSeconds()).add("jti", UUID.randomUUID().toString()).build();
        countIssued();
        return FakeResponse.ok(EmulatorSupport.object().add("access_token", jwt(token))
                .add("expires_in", TOKEN_LIFETIME.getSeconds()).add("token_type", "Bearer").build().toString())
                .header("Cache-Control", "no-store");
    }

    private static FakeResponse error(int status, String code, String description) {
        return FakeResponse.status(status).header(EmulatorSupport.REASON_HEADER, EmulatorSupport.printable(description))
                .header("Cache-Control", "no-store")
                .json(EmulatorSupport.object().add("error", code).add("error_description", description).build().toString());
    }

    /** Configures and starts a {@link GoogleServiceAccountEmulator}. Not thread-safe. */
    public static final class Builder extends VendorEmulator.Builder<Builder> {
        private final Map<String, ServiceAccountKeyFile> accounts = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Registers a service account by its public key.
         *
         * @param clientEmail  the account's email, the assertions' {@code iss}
         * @param privateKeyId the key's id, which an assertion's {@code kid} must be
         * @param publicKey    the public half of the account's RSA key
         * @return this builder
         * @throws IllegalArgumentException if the email is blank or registered already
         */
        public Builder serviceAccount(String clientEmail, String privateKeyId, PublicKey publicKey) {
            return add(new ServiceAccountKeyFile(EmulatorSupport.requireText(clientEmail, "clientEmail"),
                    EmulatorSupport.requireText(privateKeyId, "privateKeyId"), Objects.requireNonNull(publicKey, "publicKey")));
        }

        /**
         * Registers the service account of a Google key file (JSON): its {@code client_email},
         * {@code private_key_id} and the public half of its {@code private_key}.
         *
         * @param keyFile the key file
         * @return this builder
         * @throws IllegalArgumentException if the file cannot be read or is not such a key file
         *                                  (naming the file, never key material), or the account
         *                                  is registered already
         */
        public Builder serviceAccountKeyFile(Path keyFile) {
            return add(ServiceAccountKeyFile.read(Objects.requireNonNull(keyFile, "keyFile")));
        }

        private Builder add(ServiceAccountKeyFile account) {
            if (accounts.putIfAbsent(account.clientEmail(), account) != null) {
                throw new IllegalArgumentException("service account '" + account.clientEmail() + "' is registered twice");
            }
            return this;
        }

        /**
         * Starts the emulator on {@code 127.0.0.1}.
         *
         * @return the running emulator; close it when done
         * @throws UncheckedIOException if the port could not be bound or the demo key file written
         */
        public GoogleServiceAccountEmulator start() {
            GoogleServiceAccountEmulator emulator = new GoogleServiceAccountEmulator(this);
            emulator.plugIn();
            return emulator;
        }
    }
}
