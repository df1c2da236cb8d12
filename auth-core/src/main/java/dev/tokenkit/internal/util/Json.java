package dev.tokenkit.internal.util;

import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * JSON through jakarta.json and Parsson, with one parser factory for the process. Duplicate
 * keys are rejected (an answer with two {@code accessToken}s is ambiguous), content after the
 * object is rejected, and nesting is limited, so hostile input fails fast.
 */
public final class Json {
    private static final JsonProvider PROVIDER = JsonProvider.provider();
    // A parser rather than a JsonReader: JsonReader.readObject() ignores whatever follows the object
    // ({"accessToken":"a"} {"accessToken":"b"} would be accepted). The parser applies Parsson's own
    // duplicate-key switch (it ignores KEY_STRATEGY) and reports content after the object.
    private static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(Map.of(
            JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE,
            "org.eclipse.parsson.rejectDuplicateKeys", true,
            "org.eclipse.parsson.maxDepth", 64));
    private static final JsonWriterFactory WRITERS = PROVIDER.createWriterFactory(Map.of());

    private Json() {
    }

    /** The process-wide JSON provider (Parsson). */
    public static JsonProvider provider() {
        return PROVIDER;
    }

    /**
     * Parses a JSON object from UTF-8 bytes.
     *
     * @throws JsonParseFailure for anything that is not one well-formed JSON object,
     *                          including the runtime exceptions Parsson throws on odd numbers
     */
    public static JsonObject parseObject(byte[] utf8) {
        try (JsonParser parser = PARSERS.createParser(new ByteArrayInputStream(utf8), StandardCharsets.UTF_8)) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new JsonParseFailure("the body is not a JSON object", null);
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) { // Parsson throws for content after the object; this is a safety net
                throw new JsonParseFailure("content after the JSON object", null);
            }
            return object;
        } catch (JsonParseFailure e) {
            throw e;
        } catch (JsonException e) {
            throw new JsonParseFailure(describe(e), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new JsonParseFailure(e.getClass().getSimpleName(), e);
        }
    }

    /** Like {@link #parseObject} but returns {@code null} instead of failing. */
    public static JsonObject parseObjectOrNull(byte[] utf8) {
        try {
            return parseObject(utf8);
        } catch (JsonParseFailure e) {
            return null;
        }
    }

    /** Writes a JSON object. */
    public static String write(JsonObject object) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = WRITERS.createWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    /** Writes a JSON object to UTF-8 bytes. */
    public static byte[] writeBytes(JsonObject object) {
        return write(object).getBytes(StandardCharsets.UTF_8);
    }

    private static String describe(JsonException e) {
        // Parsson's messages name positions and token kinds, never more than a character of the input.
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        return m.length() > 160 ? m.substring(0, 160) + "..." : m;
    }

    /** A body that is not a well-formed JSON object. */
    public static final class JsonParseFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JsonParseFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
