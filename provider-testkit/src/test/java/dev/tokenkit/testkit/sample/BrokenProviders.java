package dev.tokenkit.testkit.sample;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ConfigOption;
import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.Secret;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenRequestRejectedException;
import dev.tokenkit.spi.JsonFields;
import dev.tokenkit.spi.ProviderContext;
import dev.tokenkit.spi.TokenProviderFactory;
import dev.tokenkit.spi.TokenRequest;
import dev.tokenkit.spi.TokenResponse;
import dev.tokenkit.testkit.sample.SampleTokenProviderFactory.SampleTokenProvider;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Deliberately broken providers, one defect each: the contract must fail each of them at the check
 * that targets its defect. They take the sample's options under their own ids and are registered in
 * src/test/resources/META-INF/services.
 */
final class BrokenProviders {
    private BrokenProviders() {
    }

    /** A broken provider: the sample's descriptor under another id, and a provider made by {@code create}. */
    private abstract static class Broken implements TokenProviderFactory {
        private final String id;
        private final BiFunction<ProviderConfig, ProviderContext, TokenProvider> create;

        Broken(String id, BiFunction<ProviderConfig, ProviderContext, TokenProvider> create) {
            this.id = id;
            this.create = create;
        }

        @Override
        public ProviderDescriptor descriptor() {
            return describe(id, SampleTokenProviderFactory.DESCRIPTOR.description()).build();
        }

        @Override
        public TokenProvider create(ProviderConfig config, ProviderContext context) {
            return create.apply(config, context);
        }

        static ProviderDescriptor.Builder describe(String id, String description) {
            ProviderDescriptor.Builder b = ProviderDescriptor.builder(id).displayName("Broken " + id).description(description);
            SampleTokenProviderFactory.DESCRIPTOR.options().stream()
                    .filter(o -> !ProviderDescriptor.TRANSPORT_OPTIONS.contains(o))
                    .forEach(b::option);
            return b;
        }
    }

    /** The sample's request to {@code url}, with the given form body. */
    private static TokenRequest sampleRequest(ProviderConfig config, URI url, Map<String, ?> form) {
        return TokenRequest.post(url).clientSecretBasic(config.string("client-id"), config.secret("client-secret"))
                .formBody(form).build();
    }

    /** The sample's form body. */
    private static final Map<String, String> SAMPLE_FORM = Map.of("grant_type", "client_credentials");

    private static URI endpoint(ProviderConfig config) {
        return config.uri("base-url", "/oauth/token");
    }

    /** Reads a token from any body, whatever the status, with no error mapping at all. */
    private static AccessToken readAnything(ProviderContext context, String body) {
        JsonObject json = context.json().createReader(new StringReader(body)).readObject();
        return AccessToken.builder(JsonFields.requireString(json, "access_token"))
                .issuedAt(context.clock().instant())
                .expiresIn(JsonFields.lifetime(json, "expires_in").orElse(null))
                .build();
    }

    /** Puts the client secret into the message of its credentials error. */
    public static final class Leaky extends Broken {
        public Leaky() {
            super("leaky", (config, context) -> new SampleTokenProvider(config, context) {
                @Override
                protected TokenException errorFor(TokenResponse response, JsonObject body) {
                    return response.status() != 401 ? super.errorFor(response, body) : new InvalidCredentialsException(
                            id(), 401, "the server rejected secret " + config.secret("client-secret").reveal());
                }
            });
        }
    }

    /** Logs the client secret at DEBUG before every request. */
    public static final class Chatty extends Broken {
        public Chatty() {
            super("chatty", (config, context) -> new SampleTokenProvider(config, context) {
                @Override
                protected TokenRequest request() {
                    context.logger().log(System.Logger.Level.DEBUG, "requesting a token with client secret {0}",
                            config.secret("client-secret").reveal());
                    return super.request();
                }
            });
        }
    }

    /** Sends the grant type under the wrong form key. */
    public static final class WrongBody extends Broken {
        public WrongBody() {
            super("wrong-body", (config, context) -> new SampleTokenProvider(config, context) {
                @Override
                protected TokenRequest request() {
                    return sampleRequest(config, endpoint(config), Map.of("grant", "client_credentials"));
                }
            });
        }
    }

    /** Sends the request the sample sends, plus the secret in the query string. */
    public static final class SecretInUrl extends Broken {
        public SecretInUrl() {
            super("secret-in-url", (config, context) -> new SampleTokenProvider(config, context) {
                @Override
                protected TokenRequest request() {
                    URI url = URI.create(endpoint(config) + "?client_secret=" + config.secret("client-secret").reveal());
                    return sampleRequest(config, url, SAMPLE_FORM);
                }
            });
        }
    }

    /** Upper-cases the token value it received. */
    public static final class Shouting extends Broken {
        public Shouting() {
            super("shouting", (config, context) -> new SampleTokenProvider(config, context) {
                @Override
                protected AccessToken parse(JsonObject body, TokenResponse response) {
                    AccessToken read = super.parse(body, response);
                    return token(read.value().toUpperCase(Locale.ROOT)).expiresAt(read.expiresAt().orElse(null)).build();
                }
            });
        }
    }

    /** Ignores the lifetime the server gave and assumes an hour. */
    public static final class FixedLifetime extends Broken {
        public FixedLifetime() {
            super("fixed-lifetime", (config, context) -> new SampleTokenProvider(config, context) {
                @Override
                protected AccessToken parse(JsonObject body, TokenResponse response) {
                    return token(super.parse(body, response).value()).expiresIn(Duration.ofHours(1)).build();
                }
            });
        }
    }

    /** Returns its first token forever. */
    public static final class Caching extends Broken {
        public Caching() {
            super("caching", (config, context) -> {
                TokenProvider sample = new SampleTokenProvider(config, context);
                AtomicReference<AccessToken> first = new AtomicReference<>();
                return provider("caching", () -> {
                    synchronized (first) {
                        if (first.get() == null) {
                            first.set(sample.fetch());
                        }
                        return first.get();
                    }
                });
            });
        }
    }

    /** Fetches a token while it is being created, to check the credentials early. */
    public static final class Eager extends Broken {
        public Eager() {
            super("eager", (config, context) -> {
                TokenProvider sample = new SampleTokenProvider(config, context);
                try {
                    sample.fetch();
                } catch (TokenException e) {
                    // the early check is only a courtesy
                }
                return sample;
            });
        }
    }

    /** Has no description, and an option without a description that looks secret but is not flagged so. */
    public static final class Undocumented extends Broken {
        public Undocumented() {
            super("undocumented", SampleTokenProvider::new);
        }

        @Override
        public ProviderDescriptor descriptor() {
            return describe("undocumented", "").option(ConfigOption.builder("api-key", ConfigOption.Type.STRING).build()).build();
        }
    }

    /**
     * Keeps the last token value in a field shared by all fetches. Its first two fetches wait (up
     * to 10 s) until both have stored their values, so that concurrent fetches are sure to mix up
     * their tokens; fetches that never overlap are not affected.
     */
    public static final class Racy extends Broken {
        public Racy() {
            super("racy", (config, context) -> {
                TokenProvider sample = new SampleTokenProvider(config, context);
                CountDownLatch twoInFlight = new CountDownLatch(2);
                AtomicReference<String> last = new AtomicReference<>();
                return provider("racy", () -> {
                    AccessToken fetched = sample.fetch();
                    last.set(fetched.value());
                    twoInFlight.countDown();
                    try {
                        twoInFlight.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return AccessToken.builder(last.get()).issuedAt(fetched.issuedAt())
                            .expiresAt(fetched.expiresAt().orElse(null)).build();
                });
            });
        }
    }

    /** Reads a token from any answer, whatever its HTTP status. */
    public static final class StatusBlind extends Broken {
        public StatusBlind() {
            super("status-blind", (config, context) -> provider("status-blind", () -> readAnything(context,
                    context.http().send(sampleRequest(config, endpoint(config), SAMPLE_FORM)).bodyText())));
        }
    }

    /**
     * Sends through an HTTP client of its own instead of {@code ProviderContext.http()}: it follows
     * redirects, ignores {@code request-timeout} (it waits 1 s) and lets I/O errors escape untyped.
     */
    public static final class OwnClient extends Broken {
        public OwnClient() {
            super("own-client", (config, context) -> {
                HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS)
                        .connectTimeout(Duration.ofSeconds(1)).build();
                return provider("own-client", () -> {
                    String json = context.json().createObjectBuilder()
                            .add("grant_type", "client_credentials")
                            .add("client_id", config.string("client-id"))
                            .add("client_secret", config.secret("client-secret").reveal())
                            .build().toString();
                    HttpRequest request = HttpRequest.newBuilder(endpoint(config)).timeout(Duration.ofSeconds(1))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json)).build();
                    try {
                        return readAnything(context, client.send(request, HttpResponse.BodyHandlers.ofString()).body());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                });
            });
        }
    }

    /**
     * Puts the vendor's answer (body and challenge) into its credentials error as it came,
     * unredacted; it sends the secret in the form body as well as in the Basic header, so that
     * an echo of either shows it.
     */
    public static final class Echoing extends Broken {
        public Echoing() {
            super("echoing", (config, context) -> new SampleTokenProvider(config, context) {
                @Override
                protected TokenRequest request() {
                    return sampleRequest(config, endpoint(config), Map.of("grant_type", "client_credentials",
                            "client_secret", config.secret("client-secret")));
                }

                @Override
                protected TokenException errorFor(TokenResponse response, JsonObject body) {
                    return response.status() != 401 ? super.errorFor(response, body) : new InvalidCredentialsException(
                            id(), 401, "the server said " + response.bodyText() + " "
                            + response.header("WWW-Authenticate").orElse(""));
                }
            });
        }
    }

    /** Maps any error answer with an OAuth error code to a rejection, even a 429 or a 5xx, which are retryable. */
    public static final class CodeOverStatus extends Broken {
        public CodeOverStatus() {
            super("code-over-status", (config, context) -> new SampleTokenProvider(config, context) {
                @Override
                protected TokenException errorFor(TokenResponse response, JsonObject body) {
                    if (response.status() >= 429 && body != null && body.containsKey("error")) {
                        return new TokenRequestRejectedException(id(), response.status(), "the server refused the request");
                    }
                    return super.errorFor(response, body);
                }
            });
        }
    }

    /** The text of a private key a signing provider reads from a file: key material, not a configured value. */
    static final String KEY_MATERIAL = "-----BEGIN PRIVATE KEY-----MC4CAQAwBQYDK2VwBCIEIKey0fTheBrokenSigner";

    /**
     * Signs a client assertion (an HMAC of the client id and the clock's instant with
     * {@link #KEY_MATERIAL}, so not a configured value), sends it as a secret form field, and puts
     * it into the message of its credentials error as it is.
     */
    public static final class AssertionEchoing extends Broken {
        public AssertionEchoing() {
            super("assertion-echoing", (config, context) -> new SampleTokenProvider(config, context) {
                private volatile String assertion = "";

                @Override
                protected TokenRequest request() {
                    assertion = SignedSampleTokenProviderFactory.SignedSampleTokenProvider.hmacSha256(
                            Secret.of(KEY_MATERIAL), config.string("client-id") + "\n" + context.clock().instant());
                    return sampleRequest(config, endpoint(config), Map.of("grant_type", "client_credentials",
                            "client_assertion", Secret.of(assertion)));
                }

                @Override
                protected TokenException errorFor(TokenResponse response, JsonObject body) {
                    return response.status() != 401 ? super.errorFor(response, body) : new InvalidCredentialsException(
                            id(), 401, "the server rejected client assertion " + assertion);
                }
            });
        }
    }

    /** Logs the private key it signs with ({@link #KEY_MATERIAL}) at DEBUG before every request. */
    public static final class KeyLogging extends Broken {
        public KeyLogging() {
            super("key-logging", (config, context) -> new SampleTokenProvider(config, context) {
                @Override
                protected TokenRequest request() {
                    context.logger().log(System.Logger.Level.DEBUG, "signing with key {0}", KEY_MATERIAL);
                    return super.request();
                }
            });
        }
    }

    /** A provider with this id whose fetch is {@code fetch}. */
    private static TokenProvider provider(String id, Supplier<AccessToken> fetch) {
        return new TokenProvider() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public AccessToken fetch() {
                return fetch.get();
            }
        };
    }
}
