package dev.tokenkit.spi;

import dev.tokenkit.Secret;
import dev.tokenkit.internal.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * An HTTP request to a token endpoint: method, URI, headers and body. Header names and values
 * are checked when set (no CR, LF or other control characters, no non-ASCII), so a request that
 * could inject headers is never built. {@link #toString()} shows header names only.
 */
public final class TokenRequest {
    private final String method;
    private final URI uri;
    private final Map<String, String> headers;
    private final byte[] body;

    private TokenRequest(Builder b) {
        this.method = b.method;
        this.uri = b.uri;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.body = b.body;
    }

    /**
     * Starts a POST request.
     *
     * @param uri the endpoint
     * @return a builder
     */
    public static Builder post(URI uri) {
        return new Builder("POST", uri);
    }

    /**
     * Joins a base URI (option {@code base-url}) and an endpoint path, tolerating a trailing
     * slash on the base: {@code join(https://api.symbl.ai/, "/oauth2/token:generate")}.
     *
     * @param base the base URI
     * @param path the path, with or without a leading slash
     * @return the endpoint URI
     */
    public static URI join(URI base, String path) {
        String b = base.toString();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return URI.create(b + (path.startsWith("/") ? path : "/" + path));
    }

    /**
     * The HTTP method.
     *
     * @return e.g. {@code POST}
     */
    public String method() {
        return method;
    }

    /**
     * The endpoint.
     *
     * @return the URI
     */
    public URI uri() {
        return uri;
    }

    /**
     * The headers in the order they were set.
     *
     * @return header names to values
     */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * A header's value, by case-insensitive name.
     *
     * @param name the header name
     * @return the value, if set
     */
    public Optional<String> header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * The body bytes (a copy).
     *
     * @return the body, empty for none
     */
    public byte[] body() {
        return body.clone();
    }

    /** Method, URI and header names; never header values or the body. */
    @Override
    public String toString() {
        return "TokenRequest[" + method + " " + uri + ", headers=" + headers.keySet() + ", body=" + body.length + " bytes]";
    }

    /** Builds a {@link TokenRequest}. */
    public static final class Builder {
        private final String method;
        private final URI uri;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body = new byte[0];

        private Builder(String method, URI uri) {
            this.method = method;
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        /**
         * Sets a header, replacing an earlier value of the same name.
         *
         * @param name  the header name
         * @param value the value
         * @return this builder
         * @throws IllegalArgumentException when the name is not an HTTP token or the value holds
         *                                  a control or non-ASCII character; the message never
         *                                  quotes the value
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "header name");
            Objects.requireNonNull(value, () -> "value of header " + name);
            if (name.isEmpty() || !name.chars().allMatch(Builder::isTokenChar)) {
                throw new IllegalArgumentException("header name '" + name.replaceAll("[^\\x21-\\x7e]", "?")
                        + "' is not a valid HTTP header name");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c >= 0x7f) {
                    throw new IllegalArgumentException("value of header '" + name + "' contains a "
                            + (c == '\r' || c == '\n' ? "CR or LF" : c < 0x20 || c == 0x7f ? "control" : "non-ASCII")
                            + " character at index " + i + "; HTTP headers cannot carry it");
                }
            }
            headers.keySet().removeIf(n -> n.equalsIgnoreCase(name));
            headers.put(name, value);
            return this;
        }

        private static boolean isTokenChar(int c) {
            return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
        }

        /**
         * Sets a JSON object body from a map (values: strings, {@link Secret}s, numbers,
         * booleans, nested maps) and {@code Content-Type: application/json} unless already set.
         *
         * @param fields the body's fields, in order
         * @return this builder
         */
        public Builder jsonBody(Map<String, ?> fields) {
            return jsonBody(toJson(fields));
        }

        /**
         * Sets a JSON object body and {@code Content-Type: application/json} unless already set.
         *
         * @param object the body
         * @return this builder
         */
        public Builder jsonBody(JsonObject object) {
            if (header("Content-Type") == null) {
                header("Content-Type", "application/json");
            }
            this.body = Json.writeBytes(object);
            return this;
        }

        /**
         * Sets an {@code application/x-www-form-urlencoded} body (the OAuth 2.0 default) and its
         * content type unless already set. {@link Secret} values are revealed into the body.
         *
         * @param fields the form fields, in order
         * @return this builder
         */
        public Builder formBody(Map<String, ?> fields) {
            StringJoiner form = new StringJoiner("&");
            fields.forEach((k, v) -> form.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(v instanceof Secret s ? s.reveal() : String.valueOf(v), StandardCharsets.UTF_8)));
            if (header("Content-Type") == null) {
                header("Content-Type", "application/x-www-form-urlencoded");
            }
            this.body = form.toString().getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /**
         * Sets a raw body.
         *
         * @param bytes       the body
         * @param contentType its media type
         * @return this builder
         */
        public Builder body(byte[] bytes, String contentType) {
            header("Content-Type", contentType);
            this.body = bytes.clone();
            return this;
        }

        private String header(String name) {
            for (String n : headers.keySet()) {
                if (n.equalsIgnoreCase(name)) {
                    return headers.get(n);
                }
            }
            return null;
        }

        /**
         * Builds the request.
         *
         * @return the request
         */
        public TokenRequest build() {
            return new TokenRequest(this);
        }

        private static JsonObject toJson(Map<String, ?> fields) {
            JsonObjectBuilder b = Json.provider().createObjectBuilder();
            fields.forEach((k, v) -> {
                if (v == null) {
                    b.addNull(k);
                } else if (v instanceof Secret s) {
                    b.add(k, s.reveal());
                } else if (v instanceof CharSequence cs) {
                    b.add(k, cs.toString());
                } else if (v instanceof Boolean bool) {
                    b.add(k, bool);
                } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                    b.add(k, ((Number) v).longValue());
                } else if (v instanceof BigInteger bi) {
                    b.add(k, bi);
                } else if (v instanceof Number n) {
                    b.add(k, new BigDecimal(n.toString()));
                } else if (v instanceof Map<?, ?> m) {
                    Map<String, Object> nested = new LinkedHashMap<>();
                    m.forEach((mk, mv) -> nested.put(String.valueOf(mk), mv));
                    b.add(k, toJson(nested));
                } else if (v instanceof List<?> list) {
                    List<Object> copy = new ArrayList<>(list);
                    b.add(k, Json.provider().createArrayBuilder(copy));
                } else {
                    throw new IllegalArgumentException("JSON body field '" + k + "' has unsupported type "
                            + v.getClass().getName().toLowerCase(Locale.ROOT));
                }
            });
            return b.build();
        }
    }
}
