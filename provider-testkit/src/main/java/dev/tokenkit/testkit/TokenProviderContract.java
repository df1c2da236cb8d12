package dev.tokenkit.testkit;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ConfigOption;
import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.MalformedResponseException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.RateLimitedException;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenRequestRejectedException;
import dev.tokenkit.spi.TokenProviderFactory;
import dev.tokenkit.testing.ManualClock;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.FakeTokenServer;
import dev.tokenkit.emulators.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract every tokenkit provider passes. A provider's test extends this class and answers
 * four hooks:
 *
 * <pre>{@code
 * class AcmeProviderContractTest extends TokenProviderContract {
 *     protected String providerId() { return "acme"; }
 *     protected ProviderConfig validConfig(URI baseUri) {
 *         return ProviderConfig.builder().put("base-url", baseUri.toString())
 *                 .put("client-id", "id-1").putSecret("client-secret", "s3cr3t-value").build();
 *     }
 *     protected String successBody(String token, String lifetimeJson) {
 *         return "{\"access_token\":\"" + token + "\",\"expires_in\":" + lifetimeJson + "}";
 *     }
 *     protected void assertWireRequest(RecordedRequest request, ProviderConfig config, Instant sentAt) {
 *         assertThat(request.path()).isEqualTo("/oauth/token");
 *     }
 * }
 * }</pre>
 *
 * <p>The checks run against a real {@link FakeTokenServer} on loopback and a {@link ManualClock},
 * grouped by theme: discovery, descriptor, configuration, wire format, success parsing, error
 * mapping, robustness, secret hygiene and concurrency, plus the fault matrix and its
 * secret-hygiene sweep inherited from {@link TokenProviderFaultContract}, whose hooks
 * ({@code providerId}, {@code validConfig}, {@code successBody}, {@code invalidCredentialsResponse},
 * {@code vendorFaults}) this class shares. They are package-private, so an
 * implementation can vary behaviour only through the hooks, never by overriding or dropping a
 * check. Optional capabilities are hooks that skip a check with a stated reason.
 */
public abstract class TokenProviderContract extends TokenProviderFaultContract {
    private FakeTokenServer server;
    private ManualClock clock;
    private LogCapture logs;

    /** Creates the contract; subclasses need a no-argument constructor. */
    protected TokenProviderContract() {
    }

    // ------------------------------------------------------------------ hooks

    /**
     * Asserts that the recorded request is exactly the vendor's token request for this
     * configuration: path, headers, body.
     *
     * @param request the request the server received
     * @param config  the configuration the provider was created with
     * @param sentAt  the provider clock's instant when the request was sent
     */
    protected abstract void assertWireRequest(RecordedRequest request, ProviderConfig config, Instant sentAt);

    /**
     * Whether the provider is a named module (module-info with {@code provides}); when
     * {@code false} the module-path checks are skipped. Default {@code true}.
     *
     * @return whether the provider is modular
     */
    protected boolean isModular() {
        return true;
    }

    /**
     * Classes from modules, beyond tokenkit's own, that the provider module requires at run
     * time; their jars are put on the module path of the module-path check. Default none.
     *
     * @return one class from each extra module
     */
    protected Collection<Class<?>> extraModuleClasses() {
        return List.of();
    }

    // ---------------------------------------------------------- kit helpers

    /**
     * The fake token server of the current check.
     *
     * @return the server
     */
    protected final FakeTokenServer server() {
        return server;
    }

    /**
     * The manual clock the provider under test runs on.
     *
     * @return the clock
     */
    protected final ManualClock clock() {
        return clock;
    }

    /**
     * The registry as an application loads it, on the kit's clock.
     *
     * @return the registry
     */
    protected final TokenProviders providers() {
        return TokenProviders.load().withClock(clock);
    }

    /**
     * A provider created through the registry with {@link #validConfig(URI)}.
     *
     * @return the provider
     */
    protected final TokenProvider provider() {
        return providers().provider(providerId(), config());
    }

    /**
     * {@link #validConfig(URI)} for the current fake server.
     *
     * @return the configuration
     */
    protected final ProviderConfig config() {
        return validConfig(server.baseUri());
    }

    /**
     * A fresh opaque token value (not a JWT, so its lifetime comes from the answer only).
     *
     * @return the token value
     */
    protected static String newTokenValue() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        return "tk_" + HexFormat.of().formatHex(b);
    }

    @BeforeEach
    final void startKit() {
        server = FakeTokenServer.start();
        clock = ManualClock.create();
        logs = new LogCapture();
    }

    @AfterEach
    final void stopKit() {
        logs.close();
        server.close();
    }

    @Test
    @DisplayName("the kit is set up: a lower-kebab-case provider id and a valid configuration")
    void kitIsSetUp() {
        assertThat(providerId()).as("providerId()").matches("[a-z][a-z0-9]*(-[a-z0-9]+)*");
        assertThat(config()).as("validConfig(baseUri)").isNotNull();
        assertThat(successBody("t", "1")).as("successBody(token, lifetime)").isNotBlank();
    }

    // ------------------------------------------------------------- checks

    @Nested
    @DisplayName("discovery")
    class Discovery {
        @Test
        @DisplayName("is found by id through ServiceLoader")
        void foundById() {
            TokenProviders providers = TokenProviders.load();
            assertThat(providers.ids()).as("ids loaded by TokenProviders.load()").contains(providerId());
            assertThat(providers.describe(providerId()).id()).isEqualTo(providerId());
            assertThat(providers.loadFailures()).as("factories that failed to load").isEmpty();
        }

        @Test
        @DisplayName("META-INF/services and module-info provides name the same factory")
        void registrationsAgree() throws Exception {
            assumeTrue(isModular(), "the provider is not modular (isModular() returns false)");
            TokenProviderFactory factory = factory();
            ModuleDescriptor descriptor = ModuleDescriptor.of(factory.getClass());
            Set<String> services = ModuleDescriptor.servicesFile(factory.getClass());
            assertThat(services).as("META-INF/services/%s (add @AutoService(TokenProviderFactory.class))",
                    TokenProviderFactory.class.getName()).contains(factory.getClass().getName());
            assertThat(descriptor.providers()).as("module-info 'provides %s with ...'",
                    TokenProviderFactory.class.getName()).containsExactlyInAnyOrderElementsOf(services);
        }

        @Test
        @DisplayName("is found by id on the module path")
        void foundOnModulePath() throws Exception {
            assumeTrue(isModular(), "the provider is not modular (isModular() returns false)");
            TokenProviderFactory factory = factory();
            Set<String> ids = ModuleDescriptor.idsOnModulePath(factory.getClass(), extraModuleClasses());
            assertThat(ids).as("ids loaded by TokenProviders.load(layer) in a module layer").contains(providerId());
        }
    }

    @Nested
    @DisplayName("descriptor")
    class Descriptor {
        @Test
        @DisplayName("has the provider's id, a display name and a description")
        void named() {
            ProviderDescriptor d = providers().describe(providerId());
            assertThat(d.id()).isEqualTo(providerId());
            assertThat(d.displayName()).isNotBlank();
            assertThat(d.description()).as("description").isNotBlank();
        }

        @Test
        @DisplayName("documents every option")
        void optionsDocumented() {
            for (ConfigOption o : providers().describe(providerId()).options()) {
                assertThat(o.description()).as("description of option '%s'", o.name()).isNotBlank();
            }
        }

        @Test
        @DisplayName("flags secret options as secret")
        void secretsFlagged() {
            ProviderDescriptor d = providers().describe(providerId());
            for (ConfigOption o : d.options()) {
                String n = o.name();
                if (n.contains("secret") || n.contains("password") || n.endsWith("-key") || n.endsWith("-token")) {
                    assertThat(o.isSecret()).as("option '%s' looks secret but is not flagged secret", n).isTrue();
                }
            }
            assertThat(d.options()).as("a provider needs at least one secret option for its credentials")
                    .anyMatch(ConfigOption::isSecret);
        }

        @Test
        @DisplayName("accepts the transport options")
        void transportOptions() {
            ProviderDescriptor d = providers().describe(providerId());
            for (ConfigOption o : ProviderDescriptor.TRANSPORT_OPTIONS) {
                assertThat(d.option(o.name())).as("option '%s'", o.name()).isPresent();
            }
        }
    }

    @Nested
    @DisplayName("configuration")
    class Configuration {
        @Test
        @DisplayName("the valid configuration creates a provider without a request")
        void validConfigCreates() {
            assertThat(provider().id()).isEqualTo(providerId());
            assertThat(server.requestCount()).as("requests made by creating a provider").isZero();
        }

        @Test
        @DisplayName("each missing required option is named with its environment variable")
        void missingRequiredNamed() {
            ProviderDescriptor d = providers().describe(providerId());
            for (ConfigOption o : d.options()) {
                if (!o.isRequired()) {
                    continue;
                }
                ProviderConfig without = without(config(), o.name());
                Throwable t = catchThrowable(() -> providers().provider(providerId(), without));
                assertThat(t).as("creating the provider without option '%s'", o.name())
                        .isInstanceOf(ProviderConfigurationException.class)
                        .hasMessageContaining("'" + o.name() + "'")
                        .hasMessageContaining(o.environmentVariable(providerId()));
            }
        }

        @Test
        @DisplayName("an unknown option is an error with a suggestion")
        void unknownOptionSuggested() {
            ProviderDescriptor d = providers().describe(providerId());
            String known = d.options().get(0).name();
            String typo = known.replace('-', '_');
            if (typo.equals(known)) {
                typo = known + "x";
            }
            ProviderConfig bad = config().withOverrides(ProviderConfig.builder().put(typo, "x").build());
            Throwable t = catchThrowable(() -> providers().provider(providerId(), bad));
            assertThat(t).isInstanceOf(ProviderConfigurationException.class)
                    .hasMessageContaining("'" + typo + "'")
                    .hasMessageContaining("did you mean '" + known + "'");
        }

        @Test
        @DisplayName("configuration errors never show secret values")
        void configErrorsHideSecrets() {
            ProviderDescriptor d = providers().describe(providerId());
            ProviderConfig.Builder b = ProviderConfig.builder().putAll(config()).put("no-such-option", "x");
            for (ConfigOption o : d.options()) {
                if (!o.isRequired() && !o.isSecret()) {
                    continue;
                }
                if (!o.isSecret()) {
                    b.put(o.name(), "");
                }
            }
            ProviderConfig bad = b.build();
            Throwable t = catchThrowable(() -> providers().provider(providerId(), bad));
            assertThat(t).isInstanceOf(ProviderConfigurationException.class);
            assertNoLeak(t, secrets(config(), null));
            assertThat(config().toString()).as("ProviderConfig.toString()").satisfies(s -> assertNoLeak(s, secrets(config(), null)));
        }
    }

    @Nested
    @DisplayName("wire format")
    class WireFormat {
        @Test
        @DisplayName("one fetch sends exactly one request, in the vendor's format")
        void oneRequestInVendorFormat() {
            server.enqueue(FakeResponse.ok(successBody(newTokenValue(), "3600")));
            Instant sentAt = clock.instant();
            provider().fetch();
            assertThat(server.requestCount()).as("requests per fetch").isEqualTo(1);
            assertWireRequest(server.takeRequest(), config(), sentAt);
        }

        @Test
        @DisplayName("secrets travel in the body or headers, never in the URL")
        void secretsNotInUrl() {
            server.enqueue(FakeResponse.ok(successBody(newTokenValue(), "3600")));
            provider().fetch();
            RecordedRequest r = server.takeRequest();
            String url = r.path() + (r.query() == null ? "" : "?" + r.query());
            for (String secret : secrets(config(), null)) {
                assertThat(url).as("request URL").doesNotContain(secret);
            }
        }

        @Test
        @DisplayName("each fetch is a new request: the provider does not cache")
        void noCaching() {
            server.enqueue(FakeResponse.ok(successBody(newTokenValue(), "3600")),
                    FakeResponse.ok(successBody(newTokenValue(), "3600")));
            TokenProvider p = provider();
            AccessToken first = p.fetch();
            AccessToken second = p.fetch();
            assertThat(server.requestCount()).isEqualTo(2);
            assertThat(second.value()).isNotEqualTo(first.value());
        }
    }

    @Nested
    @DisplayName("success parsing")
    class SuccessParsing {
        @Test
        @DisplayName("reads the token value and builds the Authorization header")
        void readsToken() {
            String value = newTokenValue();
            server.enqueue(FakeResponse.ok(successBody(value, "3600")));
            AccessToken token = provider().fetch();
            assertThat(token.value()).isEqualTo(value);
            assertThat(token.authorizationHeader()).isEqualTo(token.type() + " " + value);
            assertThat(token.type()).isNotBlank();
        }

        @Test
        @DisplayName("reports the lifetime the server gave")
        void reportsServerLifetime() {
            for (long seconds : new long[] {3600, 1234, 86400}) {
                server.enqueue(FakeResponse.ok(successBody(newTokenValue(), Long.toString(seconds))));
                AccessToken token = provider().fetch();
                assertThat(token.issuedAt()).isEqualTo(clock.instant());
                assertThat(token.expiresAt()).as("expiry of a token with lifetime %d s", seconds)
                        .contains(clock.instant().plusSeconds(seconds));
            }
        }
    }

    @Nested
    @DisplayName("error mapping")
    class ErrorMapping {
        @Test
        @DisplayName("invalid credentials are an InvalidCredentialsException, not retryable")
        void invalidCredentials() {
            server.enqueue(invalidCredentialsResponse());
            Throwable t = catchThrowable(() -> provider().fetch());
            assertThat(t).isInstanceOf(InvalidCredentialsException.class);
            assertThat(((TokenException) t).isRetryable()).isFalse();
            assertThat(((TokenException) t).providerId()).contains(providerId());
        }

        @Test
        @DisplayName("429 is a RateLimitedException carrying Retry-After in seconds")
        void rateLimitedSeconds() {
            server.enqueue(FakeResponse.status(429).header("Retry-After", "7").json("{\"message\":\"slow down\"}"));
            Throwable t = catchThrowable(() -> provider().fetch());
            assertThat(t).isInstanceOf(RateLimitedException.class);
            assertThat(((TokenException) t).retryAfter()).contains(Duration.ofSeconds(7));
            assertThat(((TokenException) t).isRetryable()).isTrue();
        }

        @Test
        @DisplayName("429 is a RateLimitedException carrying Retry-After as an HTTP date")
        void rateLimitedDate() {
            String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().plusSeconds(30).atOffset(ZoneOffset.UTC));
            server.enqueue(FakeResponse.status(429).header("Retry-After", date).json("{}"));
            Throwable t = catchThrowable(() -> provider().fetch());
            assertThat(t).isInstanceOf(RateLimitedException.class);
            assertThat(((TokenException) t).retryAfter()).contains(Duration.ofSeconds(30));
        }

        @Test
        @DisplayName("5xx is a retryable ProviderUnavailableException, even with a token-shaped body")
        void serverErrors() {
            for (int status : new int[] {500, 502, 503, 504}) {
                server.enqueue(FakeResponse.status(status).json(successBody(newTokenValue(), "3600")));
                Throwable t = catchThrowable(() -> provider().fetch());
                assertThat(t).as("HTTP %d", status).isInstanceOf(ProviderUnavailableException.class);
                assertThat(((TokenException) t).httpStatus()).hasValue(status);
                assertThat(((TokenException) t).isRetryable()).isTrue();
            }
        }

        @Test
        @DisplayName("other 4xx are a TokenRequestRejectedException, not retryable")
        void otherClientErrors() {
            for (int status : new int[] {400, 404, 422}) {
                server.enqueue(FakeResponse.status(status).json("{\"message\":\"no\"}"));
                Throwable t = catchThrowable(() -> provider().fetch());
                assertThat(t).as("HTTP %d", status).isInstanceOf(TokenRequestRejectedException.class);
                assertThat(((TokenException) t).isRetryable()).isFalse();
            }
        }

        @Test
        @DisplayName("a redirect is not followed and the credentials are not re-sent")
        void redirectNotFollowed() {
            try (FakeTokenServer elsewhere = FakeTokenServer.start()) {
                elsewhere.enqueue(FakeResponse.ok(successBody(newTokenValue(), "3600")));
                server.enqueue(FakeResponse.status(302).header("Location", elsewhere.baseUri() + "/steal"));
                Throwable t = catchThrowable(() -> provider().fetch());
                assertThat(t).isInstanceOf(TokenRequestRejectedException.class);
                assertThat(elsewhere.requestCount()).as("requests that reached the redirect target").isZero();
            }
        }
    }

    @Nested
    @DisplayName("robustness")
    class Robustness {
        @Test
        @DisplayName("an empty 200 is a MalformedResponseException")
        void emptyBody() {
            assertMalformed(FakeResponse.status(200).body(""));
        }

        @Test
        @DisplayName("an HTML page with 200 is a MalformedResponseException")
        void htmlBody() {
            assertMalformed(FakeResponse.status(200).header("Content-Type", "text/html")
                    .body("<html><body>Service temporarily unavailable</body></html>"));
        }

        @Test
        @DisplayName("truncated JSON is a MalformedResponseException")
        void truncatedJson() {
            String body = successBody(newTokenValue(), "3600");
            assertMalformed(FakeResponse.ok(body.substring(0, body.length() / 2)));
        }

        @Test
        @DisplayName("a JSON array instead of an object is a MalformedResponseException")
        void jsonArray() {
            assertMalformed(FakeResponse.ok("[" + successBody(newTokenValue(), "3600") + "]"));
        }

        @Test
        @DisplayName("an object without the token is a MalformedResponseException")
        void missingToken() {
            assertMalformed(FakeResponse.ok("{\"unexpected\":true}"));
        }

        @Test
        @DisplayName("a token of the wrong JSON type is a MalformedResponseException")
        void wrongTokenType() {
            String body = successBody("PLACEHOLDER", "3600").replace("\"PLACEHOLDER\"", "12345");
            assertMalformed(FakeResponse.ok(body));
        }

        @Test
        @DisplayName("invalid lifetimes are a MalformedResponseException: \"abc\", -5, 0, 1e10000000000, NaN, 400 digits")
        void invalidLifetimes() {
            for (String lifetime : List.of("\"abc\"", "-5", "0", "1e10000000000", "\"NaN\"", "9".repeat(400), "true")) {
                assertMalformed(FakeResponse.ok(successBody(newTokenValue(), lifetime)));
            }
        }

        @Test
        @DisplayName("a token with whitespace or CR/LF is a MalformedResponseException")
        void unsafeTokenValue() {
            assertMalformed(FakeResponse.ok(successBody("abc def", "3600")));
            assertMalformed(FakeResponse.ok(successBody("abc\\r\\nX-Injected: 1", "3600")));
        }

        @Test
        @DisplayName("a body over the size limit is a MalformedResponseException")
        void oversizedBody() {
            assertMalformed(FakeResponse.ok(successBody(newTokenValue(), "3600")).oversized(1 << 20));
        }

        @Test
        @DisplayName("a server that does not answer in time is a ProviderUnavailableException")
        void slowServer() {
            server.enqueue(FakeResponse.ok(successBody(newTokenValue(), "3600")).neverAnswer());
            ProviderConfig fast = config().withOverrides(ProviderConfig.builder().put("request-timeout", "300ms").build());
            Throwable t = catchThrowable(() -> providers().provider(providerId(), fast).fetch());
            assertThat(t).isInstanceOf(ProviderUnavailableException.class);
        }

        @Test
        @DisplayName("a dropped connection is a ProviderUnavailableException")
        void droppedConnection() {
            server.enqueue(FakeResponse.ok(successBody(newTokenValue(), "3600")).dropConnection());
            Throwable t = catchThrowable(() -> provider().fetch());
            assertThat(t).isInstanceOf(ProviderUnavailableException.class);
        }

        private void assertMalformed(FakeResponse response) {
            server.enqueue(response);
            Throwable t = catchThrowable(() -> provider().fetch());
            assertThat(t).as("fetch answered with %s", response).isInstanceOf(MalformedResponseException.class);
            assertNoLeak(t, secrets(config(), null));
        }
    }

    @Nested
    @DisplayName("secret hygiene")
    class SecretHygiene {
        @Test
        @DisplayName("secrets and tokens never appear in errors, toString or logs")
        void nothingLeaks() {
            String token = newTokenValue();
            List<String> secrets = secrets(config(), token);
            List<FakeResponse> answers = List.of(
                    invalidCredentialsResponse(),
                    FakeResponse.status(500).json(successBody(token, "3600")),
                    FakeResponse.status(400).json("{\"message\":\"bad input\"}"),
                    FakeResponse.ok(successBody(token, "\"abc\"")),
                    FakeResponse.ok(successBody(token + " x", "3600")),
                    FakeResponse.status(429).json(successBody(token, "3600")));
            TokenProvider p = provider();
            assertNoLeak(String.valueOf(p), secrets);
            for (FakeResponse answer : answers) {
                server.enqueue(answer);
                Throwable t = catchThrowable(p::fetch);
                assertThat(t).as("fetch answered with %s", answer).isInstanceOf(TokenException.class);
                assertNoLeak(t, secrets);
            }
            server.enqueue(FakeResponse.ok(successBody(token, "3600")));
            AccessToken ok = p.fetch();
            assertNoLeak(ok.toString(), secrets);
            assertNoLeak(config().toString(), secrets);
            for (LogRecord r : logs.records()) {
                assertNoLeak(new SimpleFormatter().format(r), secrets);
            }
        }
    }

    @Nested
    @DisplayName("concurrency")
    class Concurrency {
        @Test
        @DisplayName("one provider serves concurrent fetches from many threads")
        void concurrentFetches() throws Exception {
            Set<String> issued = ConcurrentHashMap.newKeySet();
            server.respondWith(request -> {
                String t = newTokenValue();
                issued.add(t);
                return FakeResponse.ok(successBody(t, "3600"));
            });
            TokenProvider p = provider();
            int threads = 16;
            int perThread = 10;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<AccessToken>>> futures = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    futures.add(pool.submit(() -> {
                        List<AccessToken> got = new ArrayList<>();
                        for (int j = 0; j < perThread; j++) {
                            got.add(p.fetch());
                        }
                        return got;
                    }));
                }
                Set<String> received = new LinkedHashSet<>();
                for (Future<List<AccessToken>> f : futures) {
                    f.get(60, TimeUnit.SECONDS).forEach(t -> received.add(t.value()));
                }
                assertThat(received).hasSize(threads * perThread).isEqualTo(issued);
                assertThat(server.requestCount()).isEqualTo(threads * perThread);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    // ------------------------------------------------------------ support

    private TokenProviderFactory factory() {
        for (TokenProviderFactory f : ServiceLoader.load(TokenProviderFactory.class)) {
            if (providerId().equals(f.id())) {
                return f;
            }
        }
        return fail("no TokenProviderFactory with id '" + providerId() + "' is registered through ServiceLoader");
    }

    private ProviderConfig without(ProviderConfig config, String option) {
        ProviderConfig.Builder b = ProviderConfig.builder();
        ProviderDescriptor d = providers().describe(providerId());
        for (String name : config.names()) {
            if (name.equals(option)) {
                continue;
            }
            boolean secret = d.option(name).map(ConfigOption::isSecret).orElse(false);
            if (secret) {
                b.putSecret(name, config.secret(name));
            } else {
                b.put(name, config.find(name).orElseThrow());
            }
        }
        return b.build();
    }

    private List<String> secrets(ProviderConfig config, String token) {
        List<String> out = new ArrayList<>();
        ProviderDescriptor d = providers().describe(providerId());
        for (String name : config.names()) {
            if (d.option(name).map(ConfigOption::isSecret).orElse(false)) {
                config.findSecret(name).ifPresent(s -> out.add(s.reveal()));
            }
        }
        if (token != null) {
            out.add(token);
        }
        return out;
    }

    private static void assertNoLeak(Throwable t, List<String> secrets) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        assertNoLeak(String.valueOf(t.getMessage()), secrets);
        assertNoLeak(t.toString(), secrets);
        assertNoLeak(trace.toString(), secrets);
    }

    private static void assertNoLeak(String text, List<String> secrets) {
        for (String secret : secrets) {
            if (secret.length() >= 4) {
                assertThat(text).as("text that must not contain a secret or token value").doesNotContain(secret);
            }
        }
    }

    /** Module descriptor helpers for the discovery checks. */
    private static final class ModuleDescriptor {
        private final java.lang.module.ModuleDescriptor descriptor;

        private ModuleDescriptor(java.lang.module.ModuleDescriptor descriptor) {
            this.descriptor = descriptor;
        }

        static ModuleDescriptor of(Class<?> type) {
            java.nio.file.Path location = location(type);
            Optional<java.lang.module.ModuleReference> ref = java.lang.module.ModuleFinder.of(location).findAll()
                    .stream().findFirst();
            if (ref.isEmpty() || ref.get().descriptor().isAutomatic()) {
                return fail(type.getName() + " is not in a named module (" + location + " has no module-info.class);"
                        + " add module-info.java with 'provides dev.tokenkit.spi.TokenProviderFactory with "
                        + type.getName() + "', or return false from isModular()");
            }
            return new ModuleDescriptor(ref.get().descriptor());
        }

        List<String> providers() {
            return descriptor.provides().stream()
                    .filter(p -> p.service().equals(TokenProviderFactory.class.getName()))
                    .flatMap(p -> p.providers().stream())
                    .toList();
        }

        static Set<String> servicesFile(Class<?> type) throws Exception {
            java.nio.file.Path location = location(type);
            String entry = "META-INF/services/" + TokenProviderFactory.class.getName();
            List<String> lines;
            if (java.nio.file.Files.isDirectory(location)) {
                java.nio.file.Path file = location.resolve(entry);
                lines = java.nio.file.Files.exists(file) ? java.nio.file.Files.readAllLines(file) : List.of();
            } else {
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(location.toFile())) {
                    java.util.jar.JarEntry e = jar.getJarEntry(entry);
                    lines = e == null ? List.of() : new String(jar.getInputStream(e).readAllBytes(),
                            java.nio.charset.StandardCharsets.UTF_8).lines().toList();
                }
            }
            Set<String> names = new LinkedHashSet<>();
            for (String line : lines) {
                String l = line.replaceAll("#.*", "").trim();
                if (!l.isEmpty()) {
                    names.add(l);
                }
            }
            return names;
        }

        static Set<String> idsOnModulePath(Class<?> factoryType, Collection<Class<?>> extra) throws Exception {
            String name = of(factoryType).descriptor.name();
            Set<java.nio.file.Path> paths = new LinkedHashSet<>();
            paths.add(location(factoryType));
            ClassLoader core = TokenProviders.class.getClassLoader();
            for (Class<?> c : List.of(TokenProviders.class, jakarta.json.JsonObject.class,
                    jakarta.json.spi.JsonProvider.provider().getClass(),
                    // core's own dependencies, which core does not expose to its readers
                    Class.forName("io.github.resilience4j.retry.Retry", false, core),
                    Class.forName("io.github.resilience4j.core.IntervalFunction", false, core))) {
                paths.add(location(c));
            }
            for (Class<?> c : extra) {
                paths.add(location(c));
            }
            java.lang.module.ModuleFinder finder = java.lang.module.ModuleFinder.of(paths.toArray(java.nio.file.Path[]::new));
            ModuleLayer boot = ModuleLayer.boot();
            java.lang.module.Configuration cf = boot.configuration().resolveAndBind(finder,
                    java.lang.module.ModuleFinder.of(), Set.of(name));
            ModuleLayer layer = boot.defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
            Class<?> registry = layer.findLoader("dev.tokenkit").loadClass(TokenProviders.class.getName());
            Object loaded = registry.getMethod("load", ModuleLayer.class).invoke(null, layer);
            Set<String> ids = new LinkedHashSet<>();
            for (Object id : (Set<?>) registry.getMethod("ids").invoke(loaded)) {
                ids.add((String) id);
            }
            return ids;
        }

        private static java.nio.file.Path location(Class<?> type) {
            try {
                return java.nio.file.Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (Exception e) {
                return fail("cannot locate the jar or directory of " + type.getName() + ": " + e);
            }
        }
    }
}
