package dev.tokenkit.benchmarks;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tokenkit.AccessToken;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.FakeTokenServer;
import dev.tokenkit.oauth2.jwt.AssertionClaims;
import dev.tokenkit.oauth2.jwt.JwsOptions;
import dev.tokenkit.oauth2.jwt.JwtSigner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a client assertion costs beside the token request it rides on: signing one RFC 7523
 * assertion (fresh claims and {@code jti}, RS256 with a 2048-bit key and ES256 on P-256, through
 * {@link JwtSigner} as {@code private_key_jwt} signs), and one {@code oauth2} token request over
 * loopback HTTP to a {@link FakeTokenServer}, with HTTP Basic ({@code client_secret_basic}) and
 * with an RS256 assertion ({@code private_key_jwt}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AssertionSigningBench {
    private static final String TOKEN = "{\"access_token\":\"bench-token\",\"token_type\":\"Bearer\",\"expires_in\":3600}";

    private JwtSigner rs256;
    private JwtSigner es256;
    private AssertionClaims claims;
    private FakeTokenServer server;
    private TokenProvider basic;
    private TokenProvider privateKeyJwt;
    private Path keyFile;

    /**
     * Makes the keys, the signers, the server and the two providers.
     *
     * @throws GeneralSecurityException when the JDK cannot make the keys
     * @throws IOException when the key file cannot be written
     */
    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException, IOException {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        PrivateKey rsaKey = rsa.generateKeyPair().getPrivate();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        rs256 = JwtSigner.of(rsaKey, List.of(), JwsOptions.defaults());
        es256 = JwtSigner.of(ec.generateKeyPair().getPrivate(), List.of(), JwsOptions.defaults());
        claims = AssertionClaims.builder("bench-client", "http://127.0.0.1/oauth2/token").build();

        server = FakeTokenServer.start();
        server.respondWith(request -> FakeResponse.ok(TOKEN));
        String tokenUrl = server.baseUri() + "/oauth2/token";
        TokenProviders registry = TokenProviders.load();
        basic = registry.provider("oauth2", ProviderConfig.builder().put("token-url", tokenUrl)
                .put("client-id", "bench-client").putSecret("client-secret", "bench-secret-value").build());
        keyFile = Files.createTempFile("bench-key", ".pem");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsaKey.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        privateKeyJwt = registry.provider("oauth2", ProviderConfig.builder().put("token-url", tokenUrl)
                .put("client-id", "bench-client").put("auth-method", "private_key_jwt")
                .put("private-key-file", keyFile.toString()).build());
    }

    /**
     * Stops the server and deletes the key file.
     *
     * @throws IOException when the key file cannot be deleted
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        server.close();
        Files.deleteIfExists(keyFile);
    }

    /**
     * Signs one RS256 assertion (2048-bit RSA).
     *
     * @return the assertion
     */
    @Benchmark
    public String signRs256() {
        JWTClaimsSet set = claims.at(Instant.now());
        return rs256.sign(set);
    }

    /**
     * Signs one ES256 assertion (P-256).
     *
     * @return the assertion
     */
    @Benchmark
    public String signEs256() {
        JWTClaimsSet set = claims.at(Instant.now());
        return es256.sign(set);
    }

    /**
     * One token request over loopback with HTTP Basic.
     *
     * @return the token
     */
    @Benchmark
    public AccessToken tokenRequestBasic() {
        return basic.fetch();
    }

    /**
     * One token request over loopback with a freshly signed RS256 assertion.
     *
     * @return the token
     */
    @Benchmark
    public AccessToken tokenRequestPrivateKeyJwt() {
        return privateKeyJwt.fetch();
    }
}
