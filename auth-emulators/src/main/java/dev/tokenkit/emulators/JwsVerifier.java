package dev.tokenkit.emulators;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Verifies a signed JWT (a JWS in compact form, RFC 7515) the way an authorization server checks
 * a client assertion (RFC 7523 §3) or a JWT bearer grant: the signature with one of the keys
 * registered for the sender, then the claims. The JDK alone.
 *
 * <p><b>Signatures</b>: {@code RS256} and {@code PS256} (RSA keys of 2048 bits or more),
 * {@code ES256} and {@code ES384} (EC keys on P-256 and P-384, the signature as R‖S, RFC 7518
 * §3.4), {@code EdDSA} (Ed25519 or Ed448, RFC 8037) and {@code HS256} (a shared secret of at least
 * 32 bytes, RFC 7518 §3.2). Anything else, {@code none} included, and any {@code crit} header is
 * refused. A {@code kid} in the header picks the keys registered with that {@code kid} (and those
 * registered without one); without a {@code kid} every key of the algorithm's type is tried.
 *
 * <p><b>Claims</b>: {@code iss} is the expected issuer; {@code sub}, when one is expected, is it;
 * {@code aud} (a string or an array) holds one of the accepted audiences; {@code exp} is required
 * and not passed; {@code iat} and {@code nbf}, when present, are not in the future; {@code exp}
 * minus {@code iat}, when a maximum lifetime is set, is within it; {@code jti}, required when
 * asked for, is not used again by the same issuer while the first assertion that carried it is
 * unexpired. Every time comparison allows {@link #LEEWAY} of clock skew, on the given clock.
 *
 * <p>A rejection's description names the check that failed and never quotes a claim's value,
 * the signature or a key. Thread-safe.
 */
final class JwsVerifier {

    /** The clock skew every time check allows. */
    static final Duration LEEWAY = Duration.ofSeconds(30);
    /** The longest JWS looked at; real assertions are well under 4 KiB. */
    static final int MAX_LENGTH = 16 * 1024;
    /** How many unexpired {@code jti}s are remembered at most before new ones are refused. */
    static final int MAX_REMEMBERED = 100_000;

    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    private static final Set<String> ALGORITHMS = Set.of("RS256", "PS256", "ES256", "ES384", "EdDSA", "HS256");

    private final InstantSource clock;
    /** issuer + NUL + jti → when it may be forgotten. */
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();

    /**
     * A verifier whose time checks and replay memory run on this clock.
     *
     * @param clock the clock
     */
    JwsVerifier(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A key registered for a sender: a public key, or an HMAC secret; with the {@code kid} it was registered under. */
    record VerificationKey(Optional<String> kid, Key key) {
        VerificationKey {
            Objects.requireNonNull(kid, "kid");
            Objects.requireNonNull(key, "key");
        }

        /** The algorithm and kid, never key material. */
        @Override
        public String toString() {
            return "VerificationKey[" + key.getAlgorithm() + kid.map(k -> ", kid " + EmulatorSupport.printable(k)).orElse("")
                    + "]";
        }
    }

    /**
     * What the claims must say.
     *
     * @param issuer      the required {@code iss}
     * @param subject     the required {@code sub}, or empty when any (or none) will do
     * @param audiences   the accepted {@code aud} values; {@code aud} must hold at least one
     * @param maxLifetime the longest {@code exp} − {@code iat}, or empty for no limit (then
     *                    {@code iat} is optional)
     * @param requireJti  whether a {@code jti} is required (it is replay-checked whenever present)
     */
    record Expected(String issuer, Optional<String> subject, Set<String> audiences, Optional<Duration> maxLifetime,
                    boolean requireJti) {
        Expected {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(subject, "subject");
            audiences = Set.copyOf(audiences);
            Objects.requireNonNull(maxLifetime, "maxLifetime");
        }
    }

    /** A JWS that failed a check; the message says which, and never quotes the token. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Verifies the signature with one of the keys, then the claims, then records the {@code jti}.
     *
     * @param jws      the compact JWS
     * @param keys     the keys registered for the sender
     * @param expected what the claims must say
     * @return the claims
     * @throws Rejected naming the failed check
     */
    JsonObject verify(String jws, List<VerificationKey> keys, Expected expected) throws Rejected {
        if (jws.length() > MAX_LENGTH) {
            throw new Rejected("the JWT is longer than " + MAX_LENGTH + " characters");
        }
        int first = jws.indexOf('.');
        int second = jws.indexOf('.', first + 1);
        if (first < 0 || second < 0 || jws.indexOf('.', second + 1) >= 0) {
            throw new Rejected("not a signed JWT: a JWS in compact form has three parts separated by '.'");
        }
        JsonObject header = part(jws.substring(0, first), "header");
        JsonObject claims = part(jws.substring(first + 1, second), "payload");
        byte[] signature = decode(jws.substring(second + 1), "signature");
        String algorithm = algorithm(header);
        Optional<String> kid = text(header, "kid", "header");
        byte[] signed = jws.substring(0, second).getBytes(StandardCharsets.US_ASCII);
        checkSignature(algorithm, kid, signed, signature, keys);
        checkClaims(claims, expected);
        return claims;
    }

    // --- the signature ---

    private static String algorithm(JsonObject header) throws Rejected {
        if (header.containsKey("crit")) {
            throw new Rejected("the JWT header has 'crit' extensions, which this server does not understand (RFC 7515"
                    + " section 4.1.11)");
        }
        String algorithm = text(header, "alg", "header")
                .orElseThrow(() -> new Rejected("the JWT header has no 'alg'"));
        if (!ALGORITHMS.contains(algorithm)) {
            throw new Rejected("the JWT's algorithm is not one this server accepts; use one of RS256, PS256, ES256, ES384,"
                    + " EdDSA or HS256");
        }
        return algorithm;
    }

    private static void checkSignature(String algorithm, Optional<String> kid, byte[] signed, byte[] signature,
                                       List<VerificationKey> keys) throws Rejected {
        List<Key> candidates = new ArrayList<>();
        boolean kidKnown = false;
        for (VerificationKey key : keys) {
            boolean kidFits = kid.isEmpty() || key.kid().isEmpty() || key.kid().equals(kid);
            kidKnown |= kid.isPresent() && key.kid().equals(kid);
            if (kidFits && fits(algorithm, key.key())) {
                candidates.add(key.key());
            }
        }
        if (candidates.isEmpty()) {
            throw new Rejected(keys.isEmpty() ? "no key is registered for this client"
                    : kid.isPresent() && !kidKnown && keys.stream().allMatch(k -> k.kid().isPresent())
                    ? "no registered key has the JWT's 'kid'"
                    : "no registered key fits the JWT's algorithm " + algorithm + " (" + keyNeeded(algorithm) + ")");
        }
        for (Key key : candidates) {
            if (verifies(algorithm, key, signed, signature)) {
                return;
            }
        }
        throw new Rejected("the JWT's " + algorithm + " signature does not verify with "
                + (candidates.size() == 1 ? "the registered key" : "any of the " + candidates.size() + " registered keys")
                + "; was it signed with another key?");
    }

    private static boolean fits(String algorithm, Key key) {
        return switch (algorithm) {
            case "RS256", "PS256" -> key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048;
            case "ES256" -> key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256;
            case "ES384" -> key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 384;
            case "EdDSA" -> key instanceof EdECPublicKey;
            case "HS256" -> key instanceof SecretKey secret && secret.getEncoded() != null
                    && secret.getEncoded().length >= 32;
            default -> false;
        };
    }

    private static String keyNeeded(String algorithm) {
        return switch (algorithm) {
            case "RS256", "PS256" -> "an RSA key of 2048 bits or more";
            case "ES256" -> "an EC key on P-256";
            case "ES384" -> "an EC key on P-384";
            case "EdDSA" -> "an Ed25519 or Ed448 key";
            default -> "a client secret of at least 32 bytes (RFC 7518 section 3.2)";
        };
    }

    private static boolean verifies(String algorithm, Key key, byte[] signed, byte[] signature) {
        try {
            if (algorithm.equals("HS256")) {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return MessageDigest.isEqual(mac.doFinal(signed), signature);
            }
            Signature verifier = signature(algorithm);
            verifier.initVerify((PublicKey) key);
            verifier.update(signed);
            return verifier.verify(signature);
        } catch (InvalidKeyException | java.security.SignatureException wrongShape) {
            // a signature of the wrong length or encoding is a signature that does not verify
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks " + algorithm + ", which every Java SE 17 has", e);
        }
    }

    /**
     * The JDK signature of a JWS algorithm with a key pair: RS256, PS256, ES256, ES384 (R‖S, not
     * DER) or EdDSA.
     */
    static Signature signature(String algorithm) throws GeneralSecurityException {
        return switch (algorithm) {
            case "RS256" -> Signature.getInstance("SHA256withRSA");
            case "PS256" -> {
                Signature pss = Signature.getInstance("RSASSA-PSS");
                pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                yield pss;
            }
            case "ES256" -> Signature.getInstance("SHA256withECDSAinP1363Format");
            case "ES384" -> Signature.getInstance("SHA384withECDSAinP1363Format");
            case "EdDSA" -> Signature.getInstance("EdDSA");
            default -> throw new NoSuchAlgorithmException("no JWS signature algorithm " + algorithm);
        };
    }

    // --- the claims ---

    private void checkClaims(JsonObject claims, Expected expected) throws Rejected {
        Instant now = clock.instant();
        if (!text(claims, "iss", "claim").filter(expected.issuer()::equals).isPresent()) {
            throw new Rejected("the JWT's 'iss' is not the client (RFC 7523 section 3: iss is the client_id)");
        }
        if (expected.subject().isPresent() && !text(claims, "sub", "claim").equals(expected.subject())) {
            throw new Rejected("the JWT's 'sub' is not the client (RFC 7523 section 3: sub is the client_id)");
        }
        if (audiences(claims).stream().noneMatch(expected.audiences()::contains)) {
            throw new Rejected("the JWT's 'aud' does not name this server; use one of " + new java.util.TreeSet<>(
                    expected.audiences()));
        }
        Instant exp = time(claims, "exp").orElseThrow(() -> new Rejected("the JWT has no 'exp'"));
        if (!now.isBefore(exp.plus(LEEWAY))) {
            throw new Rejected("the JWT has expired ('exp' is past); sign a new one for every request");
        }
        Optional<Instant> iat = time(claims, "iat");
        if (iat.isPresent() && iat.get().isAfter(now.plus(LEEWAY))) {
            throw new Rejected("the JWT's 'iat' is in the future; is the client's clock right?");
        }
        Optional<Instant> nbf = time(claims, "nbf");
        if (nbf.isPresent() && nbf.get().isAfter(now.plus(LEEWAY))) {
            throw new Rejected("the JWT is not valid yet ('nbf' is in the future); is the client's clock right?");
        }
        if (expected.maxLifetime().isPresent()) {
            Duration max = expected.maxLifetime().get();
            Instant issued = iat.orElseThrow(() -> new Rejected("the JWT has no 'iat'"));
            if (Duration.between(issued, exp).compareTo(max) > 0) {
                throw new Rejected("the JWT's lifetime ('exp' - 'iat') is over " + max.toSeconds() + " seconds");
            }
        }
        Optional<String> jti = text(claims, "jti", "claim");
        if (jti.isEmpty() && expected.requireJti()) {
            throw new Rejected("the JWT has no 'jti'; give each assertion a unique one (RFC 7523 section 3)");
        }
        if (jti.isPresent()) {
            remember(expected.issuer() + '\0' + jti.get(), exp.plus(LEEWAY), now);
        }
    }

    private void remember(String key, Instant forgetAt, Instant now) throws Rejected {
        if (seen.size() >= MAX_REMEMBERED) {
            for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
                if (!it.next().isAfter(now)) {
                    it.remove();
                }
            }
            if (seen.size() >= MAX_REMEMBERED) {
                throw new Rejected("too many unexpired assertions; shorten their lifetime");
            }
        }
        Instant earlier = seen.putIfAbsent(key, forgetAt);
        if (earlier != null) {
            if (earlier.isAfter(now) || !seen.replace(key, earlier, forgetAt)) {
                throw new Rejected("the JWT's 'jti' was used before (a replayed assertion); sign a new one, with a new"
                        + " jti, for every request");
            }
        }
    }

    /**
     * The {@code iss} of a JWT, read without verifying anything: only to find whose keys verify it.
     *
     * @return the issuer, or empty when the text is not a JWT with a string {@code iss}
     */
    static Optional<String> unverifiedIssuer(String jws) {
        int first = jws.indexOf('.');
        int second = jws.indexOf('.', first + 1);
        if (first < 0 || second < 0 || jws.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            byte[] payload = BASE64URL.decode(jws.substring(first + 1, second));
            return EmulatorSupport.parseObject(payload).flatMap(claims -> EmulatorSupport.string(claims, "iss"));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Forgets every remembered {@code jti}. */
    void forget() {
        seen.clear();
    }

    private static List<String> audiences(JsonObject claims) throws Rejected {
        JsonValue aud = claims.get("aud");
        if (aud instanceof JsonString single) {
            return List.of(single.getString());
        }
        if (aud instanceof JsonArray array) {
            List<String> values = new ArrayList<>();
            for (JsonValue value : array) {
                if (value instanceof JsonString text) {
                    values.add(text.getString());
                } else {
                    throw new Rejected("the JWT's 'aud' holds something other than strings");
                }
            }
            return values;
        }
        throw new Rejected("the JWT has no 'aud' (a string or an array of strings)");
    }

    private static Optional<Instant> time(JsonObject claims, String name) throws Rejected {
        JsonValue value = claims.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof JsonNumber number)) {
            throw new Rejected("the JWT's '" + name + "' is not a number of seconds (a NumericDate, RFC 7519 section 2)");
        }
        double seconds = number.doubleValue();
        if (!(seconds >= 0 && seconds < 253_402_300_800d)) {
            throw new Rejected("the JWT's '" + name + "' is out of range");
        }
        return Optional.of(Instant.ofEpochSecond((long) seconds));
    }

    private static Optional<String> text(JsonObject object, String name, String where) throws Rejected {
        JsonValue value = object.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof JsonString text) {
            return Optional.of(text.getString());
        }
        throw new Rejected("the JWT's " + where + " '" + name + "' is not a string");
    }

    private static JsonObject part(String encoded, String name) throws Rejected {
        return EmulatorSupport.parseObject(decode(encoded, name))
                .orElseThrow(() -> new Rejected("the JWT's " + name + " is not a JSON object"));
    }

    private static byte[] decode(String encoded, String name) throws Rejected {
        if (encoded.indexOf('=') >= 0) {
            throw new Rejected("the JWT's " + name + " is padded; base64url in a JWS has no '=' (RFC 7515 section 2)");
        }
        try {
            return BASE64URL.decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new Rejected("the JWT's " + name + " is not base64url");
        }
    }
}
