package dev.tokenkit.emulators;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** What the vendor emulators share: JSON in and out, media types, JWT-shaped tokens. */
final class EmulatorSupport {

    /** A response header that explains a rejection in words; never carries request values. */
    static final String REASON_HEADER = "X-Emulator-Reason";

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonReaderFactory READERS =
            JSON.createReaderFactory(Map.of("org.eclipse.parsson.maxDepth", 64));
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String JWT_HEADER = BASE64URL.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private EmulatorSupport() {
    }

    /** A new JSON object builder. */
    static JsonObjectBuilder object() {
        return JSON.createObjectBuilder();
    }

    /** A new JSON array builder. */
    static JsonArrayBuilder array() {
        return JSON.createArrayBuilder();
    }

    /**
     * Parses a request body as one JSON object.
     *
     * @return the object, or empty when the body is anything else (including invalid JSON,
     *         another JSON type, or bytes that are not UTF-8)
     */
    static Optional<JsonObject> parseObject(byte[] body) {
        try (JsonReader reader = READERS.createReader(new ByteArrayInputStream(body),
                StandardCharsets.UTF_8)) {
            return Optional.of(reader.readObject());
        } catch (RuntimeException | StackOverflowError e) {
            // JsonException for bad JSON; Parsson may also throw other runtime exceptions
            return Optional.empty();
        }
    }

    /** The member as a Java string, or empty when it is missing or not a JSON string. */
    static Optional<String> string(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value instanceof JsonString text ? Optional.of(text.getString()) : Optional.empty();
    }

    /**
     * Whether the request's {@code Content-Type} is {@code application/json}, in any case and
     * with any parameters (such as {@code charset=utf-8}).
     */
    static boolean isJson(RecordedRequest request) {
        return hasMediaType(request, "application/json");
    }

    /**
     * Whether the request's {@code Content-Type} is the given media type (lower case), in any
     * case and with any parameters (such as {@code charset=utf-8}).
     */
    static boolean hasMediaType(RecordedRequest request, String mediaType) {
        return request.header("Content-Type")
                .map(value -> value.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))
                .filter(mediaType::equals)
                .isPresent();
    }

    /** A header-safe copy: anything outside printable ASCII becomes {@code ?}. */
    static String printable(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            safe.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return safe.toString();
    }

    /** Compares two secrets in time independent of where they differ. */
    static boolean sameSecret(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A JWT: the header {@code {"alg":"HS256","typ":"JWT"}}, the given payload and an
     * HMAC-SHA256 signature with the emulator's own random key, each base64url-encoded without
     * padding. Clients only read the claims; the key never leaves the emulator, whose
     * {@linkplain ProtectedResource protected resource} verifies the signature.
     */
    static String jwt(JsonObject payload, byte[] key) {
        String signed = JWT_HEADER + '.' + BASE64URL.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
        return signed + '.' + BASE64URL.encodeToString(hmac(key, signed));
    }

    /**
     * The claims of a token that {@link #jwt(JsonObject, byte[])} signed with this key, or empty
     * for anything else (another key, a changed header, payload or signature, not a JWT).
     */
    static Optional<JsonObject> verifiedClaims(String token, byte[] key) {
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
            return Optional.empty();
        }
        byte[] signature;
        byte[] payload;
        try {
            signature = Base64.getUrlDecoder().decode(token.substring(second + 1));
            payload = Base64.getUrlDecoder().decode(token.substring(first + 1, second));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        String signed = token.substring(0, second);
        if (!token.startsWith(JWT_HEADER + '.') || !MessageDigest.isEqual(hmac(key, signed), signature)) {
            return Optional.empty();
        }
        return parseObject(payload);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK, which every Java SE has", e);
        }
    }

    /** {@code bytes} random bytes. */
    static byte[] randomBytes(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return random;
    }

    /** The PKCS#8 PEM ({@code BEGIN PRIVATE KEY}) of a private key, for a demo key file. */
    static String privateKeyPem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    /** Writes a demo file that holds a private key: owner-only where the file system has POSIX permissions. */
    static void writeOwnerOnly(Path file, String text) throws IOException {
        if (Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix")) {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Deletes a demo file when its emulator stops. */
    static void deleteDemoFile(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file the system cleans up; nothing else to do
        }
    }

    /** Checks a builder's string argument: not null, not blank. */
    static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    /**
     * Checks that a duration is a whole number of seconds (the vendors count in seconds) and at
     * least {@code minimumSeconds}.
     */
    static Duration requireSeconds(Duration duration, String name, long minimumSeconds) {
        Objects.requireNonNull(duration, name);
        if (duration.getNano() != 0 || duration.getSeconds() < minimumSeconds) {
            throw new IllegalArgumentException(name + " must be a whole number of seconds, at least "
                    + minimumSeconds + ", was " + duration);
        }
        return duration;
    }
}
