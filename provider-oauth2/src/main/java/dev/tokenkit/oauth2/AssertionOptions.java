package dev.tokenkit.oauth2;

import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.ASSERTION_ALGORITHM;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.ASSERTION_AUDIENCE;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.ASSERTION_CLAIMS;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.ASSERTION_KID;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.ASSERTION_LIFETIME;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.ASSERTION_NBF;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.ASSERTION_X5C;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.ASSERTION_X5T;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.ASSERTION_X5T_S256;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.ISSUER;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.internal.keys.KeyMaterial;
import dev.tokenkit.oauth2.jwt.AssertionClaims;
import dev.tokenkit.oauth2.jwt.JwsOptions;
import dev.tokenkit.oauth2.jwt.JwtSigner;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of a signed assertion ({@code assertion-*}): its header ({@link JwsOptions}), its
 * audience, lifetime, {@code nbf} and extra claims, read and checked once.
 */
final class AssertionOptions {
    /** {@code assertion-audience}: the token endpoint of each request. */
    static final String AUDIENCE_TOKEN_ENDPOINT = "token-endpoint";
    /** {@code assertion-audience}: the issuer option. */
    static final String AUDIENCE_ISSUER = "issuer";
    /** {@code assertion-kid}: the RFC 7638 thumbprint. */
    static final String KID_THUMBPRINT = "thumbprint";

    final JwsOptions jws;
    /** The audience, or {@code null} for the token endpoint. */
    final String audience;
    final Duration lifetime;
    final boolean notBefore;
    final Map<String, Object> extraClaims;

    private AssertionOptions(JwsOptions jws, String audience, Duration lifetime, boolean notBefore,
                             Map<String, Object> extraClaims) {
        this.jws = jws;
        this.audience = audience;
        this.lifetime = lifetime;
        this.notBefore = notBefore;
        this.extraClaims = extraClaims;
    }

    /**
     * Reads the options; a problem is added to {@code problems} and a default used instead.
     *
     * @param config   the validated configuration
     * @param issuer   the issuer option, or {@code null}
     * @param problems where problems go
     * @return the options
     */
    static AssertionOptions from(ProviderConfig config, URI issuer, List<String> problems) {
        JwsOptions.Builder jws = JwsOptions.builder();
        config.find(ASSERTION_ALGORITHM).ifPresent(jws::algorithm);
        config.find(ASSERTION_KID).ifPresent(kid -> {
            if (kid.equals(KID_THUMBPRINT)) {
                jws.thumbprintKeyId();
            } else {
                jws.keyId(kid);
            }
        });
        jws.x5t(config.bool(ASSERTION_X5T)).x5tS256(config.bool(ASSERTION_X5T_S256)).x5c(config.bool(ASSERTION_X5C));
        String audience = config.string(ASSERTION_AUDIENCE);
        if (audience.equals(AUDIENCE_TOKEN_ENDPOINT)) {
            audience = null;
        } else if (audience.equals(AUDIENCE_ISSUER)) {
            if (issuer == null) {
                problems.add("option '" + ASSERTION_AUDIENCE + "' is 'issuer', but option '" + ISSUER + "' is not set;"
                        + " set '" + ISSUER + "' (the server's issuer identifier), or give the audience literally");
            }
            audience = issuer == null ? null : issuer.toString();
        }
        Duration lifetime = config.duration(ASSERTION_LIFETIME);
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add("option '" + ASSERTION_LIFETIME + "' is " + lifetime + "; an assertion lives at least 1 second"
                    + " (the default is 60s)");
            lifetime = Duration.ofSeconds(60);
        }
        Map<String, Object> extra = config.find(ASSERTION_CLAIMS).map(json -> claims(json, problems)).orElse(Map.of());
        List<String> registered = extra.keySet().stream().filter(AssertionClaims.REGISTERED::contains).sorted().toList();
        if (!registered.isEmpty()) {
            problems.add("option '" + ASSERTION_CLAIMS + "' sets " + registered + ", which tokenkit sets itself; remove"
                    + " them (the audience is option '" + ASSERTION_AUDIENCE + "', the lifetime '" + ASSERTION_LIFETIME
                    + "', nbf '" + ASSERTION_NBF + "')");
            extra = Map.of();
        }
        return new AssertionOptions(jws.build(), audience, lifetime, config.bool(ASSERTION_NBF), extra);
    }

    /** The signed assertion of a client with this signer (and the key it signs with, if read from a file). */
    SignedAssertion assertion(String clientId, JwtSigner signer, Optional<KeyMaterial> key, InstantSource clock) {
        return new SignedAssertion(clientId, signer, key, audience, lifetime, notBefore, extraClaims, clock);
    }

    private static Map<String, Object> claims(String json, List<String> problems) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return object(reader.readObject());
        } catch (RuntimeException e) {
            problems.add("option '" + ASSERTION_CLAIMS + "' is not a JSON object; write e.g. {\"tenant\":\"t1\"}");
            return Map.of();
        }
    }

    /** A JSON object as the maps, lists, strings, numbers and booleans Nimbus serializes. */
    private static Map<String, Object> object(JsonObject object) {
        Map<String, Object> map = new LinkedHashMap<>();
        object.forEach((name, value) -> map.put(name, value(value)));
        return map;
    }

    private static Object value(JsonValue value) {
        switch (value.getValueType()) {
            case STRING:
                return ((JsonString) value).getString();
            case NUMBER:
                JsonNumber number = (JsonNumber) value;
                return number.isIntegral() ? (Object) number.longValueExact() : (Object) number.doubleValue();
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case ARRAY:
                List<Object> list = new ArrayList<>();
                ((JsonArray) value).forEach(v -> list.add(value(v)));
                return list;
            case OBJECT:
                return object((JsonObject) value);
            default:
                return null;
        }
    }
}
