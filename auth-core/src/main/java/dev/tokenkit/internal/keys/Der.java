package dev.tokenkit.internal.keys;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The little DER that reading key files needs: split an encoding into its elements, read an
 * object identifier, and write the PKCS#8 wrapper around a PKCS#1 or SEC1 key. Lengths are
 * checked against the input, so a damaged file is an {@link IllegalArgumentException}, never an
 * out-of-bounds read.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;

    private Der() {
    }

    /** One element: its tag, and its complete encoding (tag, length and content). */
    record Element(int tag, byte[] encoded, int contentStart) {
        byte[] content() {
            return Arrays.copyOfRange(encoded, contentStart, encoded.length);
        }

        /** The elements inside a constructed element. */
        List<Element> children() {
            return elements(content());
        }
    }

    /** The elements that follow one another in {@code der}. */
    static List<Element> elements(byte[] der) {
        List<Element> out = new ArrayList<>();
        int i = 0;
        while (i < der.length) {
            int start = i;
            int tag = der[i++] & 0xff;
            if ((tag & 0x1f) == 0x1f) {
                throw new IllegalArgumentException("multi-byte DER tags are not used by key files");
            }
            if (i >= der.length) {
                throw new IllegalArgumentException("DER element without a length");
            }
            int first = der[i++] & 0xff;
            long length;
            if (first < 0x80) {
                length = first;
            } else {
                int n = first & 0x7f;
                if (n == 0 || n > 4 || i + n > der.length) {
                    throw new IllegalArgumentException("bad DER length");
                }
                length = 0;
                for (int k = 0; k < n; k++) {
                    length = (length << 8) | (der[i++] & 0xff);
                }
            }
            if (length > der.length - i) {
                throw new IllegalArgumentException("DER element longer than its input");
            }
            int end = i + (int) length;
            out.add(new Element(tag, Arrays.copyOfRange(der, start, end), i - start));
            i = end;
        }
        return out;
    }

    /** The one element that {@code der} holds. */
    static Element single(byte[] der) {
        List<Element> all = elements(der);
        if (all.size() != 1) {
            throw new IllegalArgumentException("expected one DER element, found " + all.size());
        }
        return all.get(0);
    }

    /** An object identifier's content in dotted form, e.g. {@code 1.2.840.10045.2.1}. */
    static String oid(Element e) {
        if (e.tag() != OID) {
            throw new IllegalArgumentException("expected an object identifier");
        }
        byte[] c = e.content();
        if (c.length == 0) {
            throw new IllegalArgumentException("empty object identifier");
        }
        StringBuilder s = new StringBuilder();
        long value = 0;
        boolean first = true;
        for (byte b : c) {
            if (value > (Long.MAX_VALUE >> 7)) {
                throw new IllegalArgumentException("object identifier arc too large");
            }
            value = (value << 7) | (b & 0x7f);
            if ((b & 0x80) == 0) {
                if (first) {
                    long top = Math.min(value / 40, 2);
                    s.append(top).append('.').append(value - top * 40);
                    first = false;
                } else {
                    s.append('.').append(value);
                }
                value = 0;
            }
        }
        return s.toString();
    }

    /** An element of {@code tag} around {@code content}. */
    static byte[] encode(int tag, byte[]... content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : content) {
            body.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = body.size();
        if (n < 0x80) {
            out.write(n);
        } else {
            byte[] len = BigInteger.valueOf(n).toByteArray();
            int skip = len[0] == 0 ? 1 : 0;
            out.write(0x80 | (len.length - skip));
            out.write(len, skip, len.length - skip);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** A PKCS#8 {@code PrivateKeyInfo} (version 0) around a key of the given algorithm. */
    static byte[] pkcs8(byte[] algorithmIdentifier, byte[] privateKey) {
        return encode(SEQUENCE, encode(INTEGER, new byte[] {0}), algorithmIdentifier, encode(OCTET_STRING, privateKey));
    }
}
