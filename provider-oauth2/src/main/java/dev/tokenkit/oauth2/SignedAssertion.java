package dev.tokenkit.oauth2;

import dev.tokenkit.Secret;
import dev.tokenkit.internal.keys.KeyMaterial;
import dev.tokenkit.oauth2.jwt.AssertionClaims;
import dev.tokenkit.oauth2.jwt.JwtSigner;
import dev.tokenkit.spi.TokenRequest;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * {@code private_key_jwt} and {@code client_secret_jwt} (RFC 7523 §2.2, RFC 7521 §4.2): an
 * assertion signed for every request, retries included, with {@code iss} = {@code sub} = the
 * client id, the configured audience (the token endpoint by default), {@code iat} from the
 * provider's clock, {@code exp} after the lifetime and a fresh {@code jti}.
 */
final class SignedAssertion implements ClientAuthentication {
    /** RFC 7523 §2.2. */
    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final String clientId;
    private final JwtSigner signer;
    /** The audience; {@code null} for the token endpoint of each request. */
    private final String audience;
    private final Duration lifetime;
    private final boolean notBefore;
    private final Map<String, Object> extraClaims;
    private final InstantSource clock;
    private final Optional<KeyMaterial> key;

    SignedAssertion(String clientId, JwtSigner signer, Optional<KeyMaterial> key, String audience, Duration lifetime,
                    boolean notBefore, Map<String, Object> extraClaims, InstantSource clock) {
        this.clientId = clientId;
        this.signer = signer;
        this.audience = audience;
        this.lifetime = lifetime;
        this.notBefore = notBefore;
        this.extraClaims = extraClaims;
        this.clock = clock;
        this.key = key;
    }

    @Override
    public void authenticate(TokenRequest.Builder request, Map<String, Object> form, URI endpoint) {
        AssertionClaims claims = AssertionClaims.builder(clientId, audience == null ? endpoint.toString() : audience)
                .lifetime(lifetime).notBefore(notBefore).extra(extraClaims).build();
        form.put("client_id", clientId);
        form.put("client_assertion_type", ASSERTION_TYPE);
        form.put("client_assertion", Secret.of(signer.sign(claims.at(clock.instant()))));
    }

    @Override
    public Optional<String> signingAlgorithm() {
        return Optional.of(signer.algorithm());
    }

    @Override
    public Optional<KeyMaterial> signingKey() {
        return key;
    }

    @Override
    public String toString() {
        return "SignedAssertion[" + signer + ", aud=" + (audience == null ? "token endpoint" : audience) + "]";
    }
}
