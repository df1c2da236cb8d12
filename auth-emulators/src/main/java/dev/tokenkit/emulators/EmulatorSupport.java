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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
     * A JWT-shaped token: the header {@code {"alg":"HS256","typ":"JWT"}}, the given payload and
     * a random signature, each base64url-encoded without padding. The signature verifies
     * against no key: the emulators' tokens are only ever read, never verified.
     */
    static String jwt(JsonObject payload) {
        byte[] claims = payload.toString().getBytes(StandardCharsets.UTF_8);
        return JWT_HEADER + '.' + BASE64URL.encodeToString(claims) + '.' + randomBase64Url(32);
    }

    /** {@code bytes} random bytes, base64url-encoded without padding. */
    static String randomBase64Url(int bytes) {
        return BASE64URL.encodeToString(randomBytes(bytes));
    }

    /** {@code bytes} random bytes. */
    static byte[] randomBytes(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return random;
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
