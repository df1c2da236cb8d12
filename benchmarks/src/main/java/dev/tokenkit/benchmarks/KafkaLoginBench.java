package dev.tokenkit.benchmarks;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenSource;
import dev.tokenkit.kafka.TokenLoginCallbackHandler;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What {@link TokenLoginCallbackHandler} costs per Kafka login callback, against answering the
 * callback by hand: {@code byHand} reads the source's cached token and sets a minimal
 * {@link OAuthBearerToken} with a fixed principal and no scope; {@code handlerJwt} lets the handler
 * answer, reading the principal and scope from the JWT's claims. Kafka calls the handler once per
 * login (at start and before each token expires), not per record.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KafkaLoginBench {
    private TokenSource source;
    private TokenLoginCallbackHandler jwtHandler;

    /** Creates the benchmark state (JMH calls it). */
    public KafkaLoginBench() {
    }

    /** One primed source whose token, a JWT with {@code sub} and {@code scope}, lives 24 hours. */
    @Setup
    public void setUp() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String jwt = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"orders-service\",\"scope\":\"kafka:write kafka:read\","
                + "\"iss\":\"https://idp.example\",\"aud\":\"kafka\",\"exp\":4102444800}").getBytes(StandardCharsets.UTF_8))
                + ".c2lnbmF0dXJl";
        source = TokenSource.builder(new FixedLifetimeProvider(jwt, Duration.ofHours(24))).build();
        source.token();
        jwtHandler = new TokenLoginCallbackHandler(source);
        jwtHandler.configure(Map.of(), "OAUTHBEARER", List.of(new AppConfigurationEntry(
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule",
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())));
    }

    /** Closes the source. */
    @TearDown
    public void tearDown() {
        jwtHandler.close();
        source.close();
    }

    /**
     * The callback answered by hand.
     *
     * @return the token set
     */
    @Benchmark
    public OAuthBearerToken byHand() {
        OAuthBearerTokenCallback callback = new OAuthBearerTokenCallback();
        AccessToken token = source.token();
        long expiry = token.expiresAt().orElseThrow().toEpochMilli();
        long start = token.issuedAt().toEpochMilli();
        callback.token(new OAuthBearerToken() {
            @Override
            public String value() {
                return token.value();
            }

            @Override
            public Set<String> scope() {
                return Set.of();
            }

            @Override
            public long lifetimeMs() {
                return expiry;
            }

            @Override
            public String principalName() {
                return "orders-service";
            }

            @Override
            public Long startTimeMs() {
                return start;
            }
        });
        return callback.token();
    }

    /**
     * The callback answered by the handler, principal and scope from the JWT's claims.
     *
     * @return the token set
     * @throws UnsupportedCallbackException never
     */
    @Benchmark
    public OAuthBearerToken handlerJwt() throws UnsupportedCallbackException {
        OAuthBearerTokenCallback callback = new OAuthBearerTokenCallback();
        jwtHandler.handle(new Callback[] {callback});
        return callback.token();
    }
}
