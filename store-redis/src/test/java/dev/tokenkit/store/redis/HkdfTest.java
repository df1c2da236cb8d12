package dev.tokenkit.store.redis;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Hkdf} against the SHA-256 test vectors of RFC 5869, appendix A. */
class HkdfTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] range(int from, int to) {
        byte[] b = new byte[to - from];
        for (int i = from; i < to; i++) {
            b[i - from] = (byte) i;
        }
        return b;
    }

    private static byte[] repeat(int value, int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    @DisplayName("A.1: basic test case")
    void basic() {
        assertThat(HEX.formatHex(Hkdf.derive(range(0x00, 0x0d), repeat(0x0b, 22), range(0xf0, 0xfa), 42)))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    @DisplayName("A.2: longer inputs and outputs")
    void longer() {
        assertThat(HEX.formatHex(Hkdf.derive(range(0x60, 0xb0), range(0x00, 0x50), range(0xb0, 0x100), 82)))
                .isEqualTo("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e5"
                        + "90e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87");
    }

    @Test
    @DisplayName("A.3: zero-length salt and info")
    void emptySaltAndInfo() {
        assertThat(HEX.formatHex(Hkdf.derive(new byte[0], repeat(0x0b, 22), new byte[0], 42)))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }

    @Test
    @DisplayName("an empty input keying material still derives a key (a configuration without secrets)")
    void emptyIkm() {
        assertThat(Hkdf.derive(new byte[] {1}, new byte[0], new byte[0], 32)).hasSize(32);
    }

    @Test
    @DisplayName("more output than 255 blocks is refused")
    void tooLong() {
        assertThatThrownBy(() -> Hkdf.derive(new byte[] {1}, new byte[] {1}, new byte[0], 255 * 32 + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8160");
    }
}
