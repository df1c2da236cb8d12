package dev.tokenkit.internal.keys;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The blocks of a PEM text ({@code -----BEGIN type-----} ... {@code -----END type-----}), read
 * line by line without regular expressions. Text outside the blocks (openssl's "Bag Attributes",
 * comments) is ignored; a block with RFC 1421 headers ({@code Proc-Type}, {@code DEK-Info}) is
 * marked, since that is the legacy encryption openssl writes with {@code -traditional}.
 */
final class Pem {
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private Pem() {
    }

    /** One block: its type (e.g. {@code PRIVATE KEY}), its decoded content, whether it had headers. */
    record Block(String type, byte[] der, boolean headers) {
    }

    /** Whether the text holds a PEM block at all. */
    static boolean looksLikePem(String text) {
        return text.contains(BEGIN);
    }

    /**
     * The blocks in order.
     *
     * @throws IllegalArgumentException for a block without its end line, or with content that is not Base64
     */
    static List<Block> blocks(String text) {
        List<Block> out = new ArrayList<>();
        String type = null;
        boolean headers = false;
        StringBuilder base64 = new StringBuilder();
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (type == null) {
                if (line.startsWith(BEGIN) && line.endsWith(DASHES) && line.length() > BEGIN.length() + DASHES.length()) {
                    type = line.substring(BEGIN.length(), line.length() - DASHES.length());
                    headers = false;
                    base64.setLength(0);
                }
            } else if (line.startsWith(END)) {
                String endType = line.endsWith(DASHES) && line.length() >= END.length() + DASHES.length()
                        ? line.substring(END.length(), line.length() - DASHES.length()) : "";
                if (!endType.equals(type)) {
                    throw new IllegalArgumentException("the PEM block '" + type + "' ends with a line for '" + endType + "'");
                }
                byte[] der;
                try {
                    der = Base64.getDecoder().decode(base64.toString());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the PEM block '" + type + "' is not valid Base64");
                }
                out.add(new Block(type, der, headers));
                type = null;
            } else if (line.indexOf(':') >= 0) {
                headers = true;
            } else {
                base64.append(line);
            }
        }
        if (type != null) {
            throw new IllegalArgumentException("the PEM block '" + type + "' has no -----END " + type + "----- line");
        }
        return out;
    }
}
