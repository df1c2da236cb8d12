package dev.tokenkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ConfigOption;
import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.Secret;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.testsupport.Leaks;
import dev.tokenkit.testsupport.LoopbackServer;
import jakarta.json.JsonObject;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A token endpoint that echoes what it received (the Authorization header, the Basic credentials,
 * the body) in any encoding, in its error body or its {@code WWW-Authenticate} challenge: the
 * error never shows a secret in any form, because core masks what the provider sent, whatever the
 * provider. The provider here states nothing about redaction.
 */
class WireEchoRedactionTest {
    private static final String CLIENT_ID = "echo-client";
    private static final String SECRET = "Echo-S3cret/value+42";

    private LoopbackServer server;

    @BeforeEach
    void start() {
        server = LoopbackServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** What the server received, as a function of one recorded request, and how it is echoed. */
    static Stream<Arguments> echoes() {
        Function<LoopbackServer.Recorded, String> header = r -> r.header("Authorization").orElseThrow();
        Function<LoopbackServer.Recorded, String> credentials = r -> header.apply(r).substring("Basic ".length());
        Function<LoopbackServer.Recorded, String> decoded = r -> new String(Base64.getDecoder().decode(credentials.apply(r)),
                StandardCharsets.UTF_8);
        Function<LoopbackServer.Recorded, String> body = LoopbackServer.Recorded::bodyText;
        return Stream.of(
                Arguments.of("the Authorization header as received", header),
                Arguments.of("the Basic credentials without the scheme", credentials),
                Arguments.of("the first 30 characters of the Basic credentials", credentials.andThen(c -> c.substring(0, 30))),
                Arguments.of("the Basic credentials decoded (id:secret)", decoded),
                Arguments.of("the Basic credentials URL-encoded", header.andThen(WireEchoRedactionTest::url)),
                Arguments.of("the body as received", body),
                Arguments.of("the body URL-encoded", body.andThen(WireEchoRedactionTest::url)),
                Arguments.of("the body in Base64", body.andThen(b -> base64(b, Base64.getEncoder()))),
                Arguments.of("the body in URL-safe Base64 without padding",
                        body.andThen(b -> base64(b, Base64.getUrlEncoder().withoutPadding()))),
                Arguments.of("the decoded credentials behind one byte, in Base64 (unaligned)",
                        decoded.andThen(d -> base64("x" + d, Base64.getEncoder()))),
                Arguments.of("the decoded credentials behind two bytes, in URL-safe Base64 (unaligned)",
                        decoded.andThen(d -> base64("xy" + d + "z", Base64.getUrlEncoder().withoutPadding()))),
                Arguments.of("the secret behind one byte, in URL-safe Base64 without padding",
                        (Function<LoopbackServer.Recorded, String>) r -> base64("!" + SECRET,
                                Base64.getUrlEncoder().withoutPadding())));
    }

    @ParameterizedTest(name = "{0}, in error_description")
    @MethodSource("echoes")
    @DisplayName("an echo in the JSON error body is masked")
    void inErrorBody(String what, Function<LoopbackServer.Recorded, String> echo) {
        server.answer(exchange -> LoopbackServer.json(401, "{\"error\":\"invalid_client\",\"error_description\":\"rejected "
                + jsonEscaped(echo.apply(last())) + "\"}").respond(exchange));
        check(echo);
    }

    @ParameterizedTest(name = "{0}, in WWW-Authenticate")
    @MethodSource("echoes")
    @DisplayName("an echo in the WWW-Authenticate challenge is masked")
    void inChallenge(String what, Function<LoopbackServer.Recorded, String> echo) {
        server.answer(exchange -> LoopbackServer.json(401, "", "WWW-Authenticate",
                "Basic realm=\"x\", error=\"invalid_client\", error_description=\"rejected "
                        + echo.apply(last()).replace("\\", "\\\\").replace("\"", "\\\"") + "\"").respond(exchange));
        check(echo);
    }

    @Test
    @DisplayName("what was sent is masked; text that carries no secret is left alone")
    void onlySecretsMasked() {
        server.answer(401, "{\"error\":\"invalid_client\",\"error_description\":\"client echo-client, grant_type=client_credentials\"}");
        Throwable t = catchThrowable(provider()::fetch);
        assertThat(t).hasMessageContaining("client echo-client, grant_type=client_credentials");
    }

    private LoopbackServer.Recorded last() {
        List<LoopbackServer.Recorded> requests = server.requests();
        return requests.get(requests.size() - 1);
    }

    private void check(Function<LoopbackServer.Recorded, String> echo) {
        Throwable t = catchThrowable(provider()::fetch);
        assertThat(t).isInstanceOf(InvalidCredentialsException.class);
        String echoed = echo.apply(last());
        List<String> hidden = new ArrayList<>(List.of(SECRET, echoed));
        if (echoed.length() > 12) {
            // no long piece of what was echoed survives either
            hidden.add(echoed.substring(echoed.length() / 2 - 6, echoed.length() / 2 + 6));
        }
        Leaks.assertNoLeak(t, hidden.toArray(String[]::new));
        assertThat(((TokenException) t).getMessage()).contains("rejected ");
    }

    private TokenProvider provider() {
        return TokenProviders.of(new BasicFactory()).provider("basic-echo", ProviderConfig.builder()
                .put("base-url", server.uri().toString()).put("client-id", CLIENT_ID)
                .putSecret("client-secret", SECRET).build());
    }

    private static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String base64(String s, Base64.Encoder encoder) {
        return encoder.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String jsonEscaped(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** client_secret_basic and a form body carrying the secret too, as some vendors want both. */
    static final class BasicFactory implements TokenProviderFactory {
        private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder("basic-echo")
                .option(ConfigOption.builder("base-url", ConfigOption.Type.URI).required().description("base").build())
                .option(ConfigOption.builder("client-id", ConfigOption.Type.STRING).required().description("id").build())
                .option(ConfigOption.builder("client-secret", ConfigOption.Type.STRING).required().secret()
                        .description("secret").build())
                .build();

        @Override
        public ProviderDescriptor descriptor() {
            return DESCRIPTOR;
        }

        @Override
        public TokenProvider create(ProviderConfig config, ProviderContext context) {
            URI endpoint = config.uri("base-url", "/token");
            String id = config.string("client-id");
            Secret secret = config.secret("client-secret");
            return new JsonTokenProvider(context) {
                @Override
                protected TokenRequest request() {
                    Map<String, Object> form = new LinkedHashMap<>();
                    form.put("grant_type", "client_credentials");
                    form.put("client_secret", secret);
                    return TokenRequest.post(endpoint).clientSecretBasic(id, secret).formBody(form).build();
                }

                @Override
                protected AccessToken parse(JsonObject body, TokenResponse response) {
                    return OAuth2TokenResponse.parse(body, context().clock().instant());
                }
            };
        }
    }
}
