package dev.tokenkit.interop.sas;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Spring Authorization Server with {@code private_key_jwt} (RS256, ES256) and
 * {@code client_secret_jwt} (HS256) clients; it fetches each client's JWK Set from a loopback
 * server of the test and verifies the assertions it receives.
 */
class PrivateKeyJwtTest {
    private static final String RS256_ID = "rs256-client";
    private static final String ES256_ID = "es256-client";
    private static final String HS256_ID = "hs256-client";
    /** 32 bytes at least: HS256's key is the secret's UTF-8 bytes. */
    private static final String HS256_SECRET = "hs256-secret-of-more-than-32-bytes-1";
    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private static JwksServer jwks;
    private static SpringAuthorizationServer server;
    private static KeyPair rsa;

    @BeforeAll
    static void start() throws Exception {
        rsa = generate("RSA", null);
        KeyPair ec = generate("EC", new ECGenParameterSpec("secp256r1"));
        jwks = JwksServer.start();
        JWK rsaJwk = new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyIDFromThumbprint().build();
        JWK ecJwk = new ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256, (ECPublicKey) ec.getPublic()).keyIDFromThumbprint().build();
        server = SpringAuthorizationServer.builder()
                .client(keyClient(RS256_ID, jwks.publish(RS256_ID, List.of(rsaJwk)).toString(), SignatureAlgorithm.RS256))
                .client(keyClient(ES256_ID, jwks.publish(ES256_ID, List.of(ecJwk)).toString(), SignatureAlgorithm.ES256))
                .client(client(HS256_ID, ClientAuthenticationMethod.CLIENT_SECRET_JWT, MacAlgorithm.HS256)
                        .clientSecret(HS256_SECRET)
                        .build())
                .start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (jwks != null) {
            jwks.close();
        }
    }

    @BeforeEach
    void reset() {
        server.tap().reset();
    }

    private static KeyPair generate(String algorithm, ECGenParameterSpec curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (curve == null) {
            generator.initialize(2048);
        } else {
            generator.initialize(curve);
        }
        return generator.generateKeyPair();
    }

    private static RegisteredClient.Builder client(String id, ClientAuthenticationMethod method, JwsAlgorithm algorithm) {
        return RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(id)
                .clientAuthenticationMethod(method)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scope("read")
                .clientSettings(ClientSettings.builder().tokenEndpointAuthenticationSigningAlgorithm(algorithm).build());
    }

    private static RegisteredClient keyClient(String id, String jwkSetUrl, SignatureAlgorithm algorithm) {
        return client(id, ClientAuthenticationMethod.PRIVATE_KEY_JWT, algorithm)
                .clientSettings(ClientSettings.builder()
                        .tokenEndpointAuthenticationSigningAlgorithm(algorithm)
                        .jwkSetUrl(jwkSetUrl)
                        .build())
                .build();
    }

    @Test
    @DisplayName("control, without tokenkit: an assertion the test signs, posted by the JDK's HttpClient, gets a token")
    void control() throws Exception {
        Instant now = Instant.now();
        HttpResponse<String> answer = DirectCall.post(server.tokenEndpoint(), Map.of("grant_type", "client_credentials",
                "client_id", RS256_ID, "client_assertion_type", JWT_BEARER,
                "client_assertion", sign(RS256_ID, now, now.plusSeconds(60))));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(server.tap().posts()).isEqualTo(1);
    }

    /** An RS256 assertion for {@code clientId} signed by the test itself, as a workload identity system would. */
    private static String sign(String clientId, Instant issued, Instant expires) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId)
                .audience(server.tokenEndpoint().toString()).issueTime(Date.from(issued))
                .expirationTime(Date.from(expires)).jwtID(UUID.randomUUID().toString()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), claims);
        jwt.sign(new RSASSASigner(rsa.getPrivate()));
        return jwt.serialize();
    }
}
