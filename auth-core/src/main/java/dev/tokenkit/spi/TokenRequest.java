package dev.tokenkit.spi;

import dev.tokenkit.Secret;
import dev.tokenkit.internal.util.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
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
     * Starts a GET request (for metadata such as RFC 8414 discovery; it carries no body).
     *
     * @param uri the address
     * @return a builder
     */
    public static Builder get(URI uri) {
        return new Builder("GET", uri);
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
        private BodyKind bodyKind = BodyKind.NONE;

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
         * booleans, nested maps) and {@code Content-Type: application/json}.
         *
         * @param fields the body's fields, in order
         * @return this builder
         */
        public Builder jsonBody(Map<String, ?> fields) {
            return jsonBody(toJson(fields));
        }

        /**
         * Sets a JSON object body and its content type: {@code Content-Type: application/json}
         * unless a JSON media type ({@code application/json} or {@code application/…+json}) is
         * already set. Any other Content-Type on this builder makes {@link #build()} fail.
         *
         * @param object the body
         * @return this builder
         */
        public Builder jsonBody(JsonObject object) {
            this.body = Json.writeBytes(object);
            this.bodyKind = BodyKind.JSON;
            return this;
        }

        /**
         * Sets an {@code application/x-www-form-urlencoded} body (the OAuth 2.0 default, RFC 6749
         * Appendix B: UTF-8, spaces as {@code +}) and that Content-Type. {@link Secret} values are
         * revealed into the body. A different Content-Type on this builder makes
         * {@link #build()} fail rather than send a form the server would misread.
         *
         * @param fields the form fields, in order; a {@link Collection} value sends its
         *               elements as repeated fields of the same name
         * @return this builder
         */
        public Builder formBody(Map<String, ?> fields) {
            StringJoiner form = new StringJoiner("&");
            fields.forEach((k, v) -> {
                if (v instanceof Collection<?> values) {
                    values.forEach(e -> form.add(formEncode(k) + "=" + formEncode(formValue(k, e))));
                } else {
                    form.add(formEncode(k) + "=" + formEncode(formValue(k, v)));
                }
            });
            this.body = form.toString().getBytes(StandardCharsets.UTF_8);
            this.bodyKind = BodyKind.FORM;
            return this;
        }

        private static String formValue(String name, Object v) {
            if (v == null) {
                throw new IllegalArgumentException("form field '" + name + "' is null; leave it out instead");
            }
            return v instanceof Secret s ? s.reveal() : String.valueOf(v);
        }

        /**
         * Sets the {@code Authorization: Basic} header of OAuth 2.0 client authentication
         * ({@code client_secret_basic}, RFC 6749 §2.3.1): the client id and secret are each
         * form-encoded, joined by {@code :} and Base64-encoded. This differs from plain HTTP Basic
         * (RFC 7617) for ids and secrets holding {@code : + / & = %}, spaces or non-ASCII
         * characters, which is what servers following RFC 6749 decode.
         *
         * @param clientId     the client id
         * @param clientSecret the client secret
         * @return this builder
         */
        public Builder clientSecretBasic(String clientId, Secret clientSecret) {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            String credentials = formEncode(clientId) + ":" + formEncode(clientSecret.reveal());
            return header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }

        private static String formEncode(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
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
            this.bodyKind = BodyKind.RAW;
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
            String type = header("Content-Type");
            if (type == null) {
                if (bodyKind.defaultType != null) {
                    headers.put("Content-Type", bodyKind.defaultType);
                }
            } else if (!bodyKind.accepts(type)) {
                throw new IllegalArgumentException("the request has a " + bodyKind.description
                        + " but its Content-Type header says '" + type.replaceAll("[^\\x20-\\x7e]", "?") + "'; remove that"
                        + " header (the body sets " + bodyKind.defaultType + " itself) or send the body the header names");
            }
            if ("GET".equals(method) && bodyKind != BodyKind.NONE) {
                throw new IllegalArgumentException("a GET request carries no body; use TokenRequest.post");
            }
            return new TokenRequest(this);
        }

        /** What the body is, and which Content-Types agree with it. */
        private enum BodyKind {
            NONE(null, "no body"),
            RAW(null, "raw body"),
            JSON("application/json", "JSON body"),
            FORM("application/x-www-form-urlencoded", "form body");

            final String defaultType;
            final String description;

            BodyKind(String defaultType, String description) {
                this.defaultType = defaultType;
                this.description = description;
            }

            boolean accepts(String contentType) {
                String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
                switch (this) {
                    case JSON:
                        return media.equals("application/json")
                                || (media.startsWith("application/") && media.endsWith("+json"));
                    case FORM:
                        String params = contentType.contains(";") ? contentType.split(";", 2)[1] : "";
                        return media.equals(defaultType) && charsetIsUtf8(params);
                    default:
                        return true;
                }
            }

            private static boolean charsetIsUtf8(String params) {
                for (String p : params.split(";")) {
                    String[] kv = p.trim().split("=", 2);
                    if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")) {
                        return kv[1].trim().replace("\"", "").equalsIgnoreCase("UTF-8");
                    }
                }
                return true;
            }
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
