package dev.tokenkit.kafka;

import org.apache.kafka.common.config.ConfigException;

/**
 * What RFC 7628 §3.1 allows in a SASL/OAUTHBEARER extension, checked when the handler is
 * configured rather than when Kafka first sends it: a name of ASCII letters other than
 * {@code auth}, a value of visible ASCII, space, tab, CR or LF. Checked character by character.
 */
final class SaslExtensionRules {
    private SaslExtensionRules() {
    }

    static String checkedName(String name) {
        boolean letters = !name.isEmpty();
        for (int i = 0; i < name.length() && letters; i++) {
            char c = name.charAt(i);
            letters = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        }
        if (!letters || name.equals("auth")) {
            throw new ConfigException("tokenkit: the JAAS option extension_" + name + " names no valid SASL extension:"
                    + " after 'extension_' come ASCII letters only, and not 'auth' (RFC 7628 3.1)");
        }
        return name;
    }

    static String checkedValue(String option, String value) {
        boolean valid = !value.isEmpty();
        for (int i = 0; i < value.length() && valid; i++) {
            char c = value.charAt(i);
            valid = (c >= 0x21 && c <= 0x7E) || c == ' ' || c == '\t' || c == '\r' || c == '\n';
        }
        if (!valid) {
            throw new ConfigException("tokenkit: the value of the JAAS option " + option + " is empty or holds characters"
                    + " a SASL extension cannot carry: visible ASCII, space, tab, CR and LF only (RFC 7628 3.1)");
        }
        return value;
    }
}
