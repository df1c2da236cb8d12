package dev.tokenkit.store.redis;

import dev.tokenkit.AccessToken;
import dev.tokenkit.Secret;
import dev.tokenkit.spi.TokenKey;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TokenCipher}: what is sealed opens only with the same secrets, key and name. */
class TokenCipherTest {
    private static final byte[] NAME = "tokenkit:token:symbl:abc".getBytes(StandardCharsets.UTF_8);
    private final TokenKey key = TokenKey.of("symbl", "abc", Secret.of("app-secret=s3cret\n"));
    private final Instant now = Instant.parse("2026-11-22T10:00:00.123456789Z");
    private final AccessToken token = AccessToken.builder("eyJ.value.sig").type("DPoP").issuedAt(now)
            .expiresAt(now.plusSeconds(3600)).build();

    @Test
    @DisplayName("a sealed token opens to the same value, type, issue time and expiry, to the nanosecond")
    void roundTrip() throws GeneralSecurityException {
        AccessToken opened = TokenCipher.of(key).open(TokenCipher.of(key).seal(token, NAME), NAME);
        assertThat(opened.value()).isEqualTo(token.value());
        assertThat(opened.type()).isEqualTo("DPoP");
        assertThat(opened.issuedAt()).isEqualTo(now);
        assertThat(opened.expiresAt()).isEqualTo(token.expiresAt());
    }

    @Test
    @DisplayName("the ciphertext does not contain the value, and two seals of one token differ (random nonce)")
    void noValueAndFreshNonce() {
        TokenCipher c = TokenCipher.of(key);
        byte[] a = c.seal(token, NAME);
        byte[] b = c.seal(token, NAME);
        assertThat(new String(a, StandardCharsets.ISO_8859_1)).doesNotContain("eyJ.value.sig");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    @DisplayName("other secret material cannot open it")
    void otherSecrets() {
        byte[] sealed = TokenCipher.of(key).seal(token, NAME);
        TokenCipher other = TokenCipher.of(TokenKey.of("symbl", "abc", Secret.of("app-secret=other\n")));
        assertThatThrownBy(() -> other.open(sealed, NAME)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    @DisplayName("the same secrets under another provider id or identity cannot open it (keys differ per tenant)")
    void otherTenant() {
        byte[] sealed = TokenCipher.of(key).seal(token, NAME);
        Secret same = key.secretMaterial();
        assertThatThrownBy(() -> TokenCipher.of(TokenKey.of("symbl", "abd", same)).open(sealed, NAME))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> TokenCipher.of(TokenKey.of("other", "abc", same)).open(sealed, NAME))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    @DisplayName("a ciphertext copied under another Redis key name does not open (the name is authenticated)")
    void boundToName() {
        byte[] sealed = TokenCipher.of(key).seal(token, NAME);
        assertThatThrownBy(() -> TokenCipher.of(key).open(sealed, "tokenkit:token:symbl:xyz".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    @DisplayName("any altered byte, a truncation or garbage fails to open")
    void tampering() {
        TokenCipher c = TokenCipher.of(key);
        byte[] sealed = c.seal(token, NAME);
        for (int i = 0; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x01;
            assertThatThrownBy(() -> c.open(altered, NAME)).as("byte %d", i).isInstanceOf(GeneralSecurityException.class);
        }
        assertThatThrownBy(() -> c.open(java.util.Arrays.copyOf(sealed, 20), NAME)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> c.open(new byte[0], NAME)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    @DisplayName("the value hash is stable under one key, differs under another, and is not the value")
    void valueHash() {
        TokenCipher c = TokenCipher.of(key);
        assertThat(c.valueHash("v")).isEqualTo(TokenCipher.of(key).valueHash("v")).hasSize(64).isNotEqualTo(c.valueHash("w"));
        assertThat(TokenCipher.of(TokenKey.of("symbl", "abc", Secret.of("x"))).valueHash("v")).isNotEqualTo(c.valueHash("v"));
    }
}
