package dev.tokenkit.testkit.sample;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ConfigOption;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.Secret;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenRequestRejectedException;
import dev.tokenkit.spi.JsonFields;
import dev.tokenkit.spi.JsonTokenProvider;
import dev.tokenkit.spi.ProviderContext;
import dev.tokenkit.spi.TokenProviderFactory;
import dev.tokenkit.spi.TokenRequest;
import dev.tokenkit.spi.TokenResponse;
import jakarta.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A provider for a vendor that signs its token request with a shared key instead of sending a
 * secret: {@code X-Key-Id}, {@code X-Timestamp} (epoch seconds) and {@code X-Signature}
 * (hex HMAC-SHA256 of {@code keyId + "\n" + timestamp}), and that answers failures with an
 * envelope {@code {"status":"error","message":…}} at any status. The guide's section on signed
 * requests is taken from this file; {@link SignedSampleContractTest} holds it to the contract.
 */
public final class SignedSampleTokenProviderFactory implements TokenProviderFactory {
    static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder("signed-sample")
            .displayName("Signed sample")
            .description("A token endpoint at {base-url}/token that wants an HMAC-signed request.")
            .option(ConfigOption.builder("base-url", ConfigOption.Type.URI).required()
                    .description("Base URL of the token service.").build())
            .option(ConfigOption.builder("key-id", ConfigOption.Type.STRING).required()
                    .description("The id of the signing key.").build())
            .option(ConfigOption.builder("signing-key", ConfigOption.Type.STRING).required().secret()
                    .description("The shared signing key.").build())
            .build();

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public TokenProvider create(ProviderConfig config, ProviderContext context) {
        return new SignedSampleTokenProvider(config, context);
    }

    static class SignedSampleTokenProvider extends JsonTokenProvider {
        private final URI endpoint;
        private final String keyId;
        private final Secret signingKey;

        SignedSampleTokenProvider(ProviderConfig config, ProviderContext context) {
            super(context);
            this.endpoint = config.uri("base-url", "/token");
            this.keyId = config.string("key-id");
            this.signingKey = config.secret("signing-key");
        }

        // snippet:signed-request
        @Override
        protected TokenRequest request() {
            // the provider's clock, never System.currentTimeMillis(): tests move it, and so may the application
            String timestamp = Long.toString(context().clock().instant().getEpochSecond());
            return TokenRequest.post(endpoint)
                    .header("X-Key-Id", keyId)
                    .header("X-Timestamp", timestamp)
                    .header("X-Signature", hmacSha256(signingKey, keyId + "\n" + timestamp))
                    .jsonBody(Map.of("grant_type", "client_credentials"))
                    .build();
        }

        static String hmacSha256(Secret key, String data) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is missing, which every Java SE has", e);
            }
        }
        // end:signed-request

        // snippet:signed-inspect
        @Override
        protected void inspect(TokenResponse response, JsonObject body) {
            // inspect() sees every answer, 429 and 5xx too: map only a 2xx envelope, and leave the
            // others to errorFor, which makes 429 and 5xx retryable whatever their body says
            if (response.isSuccess() && body != null && "error".equals(body.getString("status", null))) {
                throw new TokenRequestRejectedException(id(), response.status(),
                        "the vendor refused the token request: " + sanitize(body.getString("message", "")));
            }
        }
        // end:signed-inspect

        @Override
        protected AccessToken parse(JsonObject body, TokenResponse response) {
            return token(JsonFields.requireString(body, "token"))
                    .expiresIn(JsonFields.lifetime(body, "ttl").orElse(null))
                    .build();
        }
    }
}
