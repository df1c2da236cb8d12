package dev.tokenkit.testkit.sample;

import dev.tokenkit.AccessToken;
import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.spi.JsonFields;
import dev.tokenkit.spi.ProviderContext;
import dev.tokenkit.spi.TokenProviderFactory;
import dev.tokenkit.spi.TokenRequest;
import dev.tokenkit.spi.TokenResponse;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deliberately broken providers: the contract must fail each of them. They reuse the sample's
 * options under their own ids and are registered in src/test/resources/META-INF/services.
 */
final class BrokenProviders {
    private BrokenProviders() {
    }

    private static ProviderDescriptor describe(String id) {
        ProviderDescriptor.Builder b = ProviderDescriptor.builder(id).displayName("Broken " + id)
                .description("A deliberately broken provider for the contract's self-test.");
        SampleTokenProviderFactory.DESCRIPTOR.options().stream()
                .filter(o -> !ProviderDescriptor.TRANSPORT_OPTIONS.contains(o))
                .forEach(b::option);
        return b.build();
    }

    /** Puts the client secret into the message of its credentials error. */
    public static final class Leaky implements TokenProviderFactory {
        @Override
        public String id() {
            return "leaky";
        }

        @Override
        public ProviderDescriptor descriptor() {
            return describe(id());
        }

        @Override
        public TokenProvider create(ProviderConfig config, ProviderContext context) {
            String secret = config.secret("client-secret").reveal();
            return new SampleTokenProviderFactory.SampleTokenProvider(config, context) {
                @Override
                protected TokenException errorFor(TokenResponse response, JsonObject body) {
                    if (response.status() == 401) {
                        return new InvalidCredentialsException(id(), 401, "the server rejected secret " + secret);
                    }
                    return super.errorFor(response, body);
                }
            };
        }
    }

    /** Sends the secret under the wrong JSON key. */
    public static final class WrongBody implements TokenProviderFactory {
        @Override
        public String id() {
            return "wrong-body";
        }

        @Override
        public ProviderDescriptor descriptor() {
            return describe(id());
        }

        @Override
        public TokenProvider create(ProviderConfig config, ProviderContext context) {
            return new SampleTokenProviderFactory.SampleTokenProvider(config, context) {
                @Override
                protected TokenRequest request() {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("grant_type", "client_credentials");
                    body.put("client_id", config.string("client-id"));
                    body.put("secret", config.secret("client-secret"));
                    return TokenRequest.post(TokenRequest.join(config.uri("base-url"), "/oauth/token"))
                            .jsonBody(body).build();
                }
            };
        }
    }

    /** Reads a token from any answer, whatever its HTTP status. */
    public static final class StatusBlind implements TokenProviderFactory {
        @Override
        public String id() {
            return "status-blind";
        }

        @Override
        public ProviderDescriptor descriptor() {
            return describe(id());
        }

        @Override
        public TokenProvider create(ProviderConfig config, ProviderContext context) {
            return new TokenProvider() {
                @Override
                public String id() {
                    return "status-blind";
                }

                @Override
                public AccessToken fetch() {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("grant_type", "client_credentials");
                    body.put("client_id", config.string("client-id"));
                    body.put("client_secret", config.secret("client-secret"));
                    TokenResponse response = context.http().send(TokenRequest.post(
                            TokenRequest.join(config.uri("base-url"), "/oauth/token")).jsonBody(body).build());
                    JsonObject json = context.json().createReader(new StringReader(response.bodyText())).readObject();
                    return AccessToken.builder(JsonFields.requireString(json, "access_token"))
                            .issuedAt(context.clock().instant())
                            .expiresIn(JsonFields.lifetime(json, "expires_in").orElse(null))
                            .build();
                }
            };
        }
    }
}
