package dev.tokenkit.oauth2.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Set;

/**
 * EdDSA (RFC 8037) with the JDK's own Ed25519/Ed448 signature: Nimbus signs EdDSA only through
 * Google Tink and its key type, while the JDK (15 and newer) signs it natively with the key as
 * read from a PEM file.
 */
final class JdkEdDsaSigner implements JWSSigner {
    private final PrivateKey key;
    private final JCAContext jca = new JCAContext();

    JdkEdDsaSigner(PrivateKey key) {
        this.key = key;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
            throw new JOSEException("this signer signs EdDSA only, not " + header.getAlgorithm());
        }
        try {
            Signature signature = Signature.getInstance("EdDSA");
            signature.initSign(key);
            signature.update(signingInput);
            return Base64URL.encode(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new JOSEException("EdDSA signing failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.EdDSA);
    }

    @Override
    public JCAContext getJCAContext() {
        return jca;
    }
}
