package dev.tokenkit.store.redis;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The store's Lua scripts: each runs atomically on the server. Sent by digest
 * ({@code EVALSHA}); a server that does not know the script (first use, restart, failover,
 * {@code SCRIPT FLUSH}) gets its text once ({@code EVAL}, which also caches it).
 */
enum Scripts {
    /**
     * Publish if newer. KEYS[1]: the token hash. ARGV: format, exp ms, exp nanos of the ms, iat ms,
     * iat nanos, value hash, sealed token, the sealed token the caller could not open (or ""), and
     * the PEXPIREAT time in ms. A stored token that the offered one does not supersede (expires
     * later, or has the same value hash and a later issue time: {@code TokenStore.supersedes})
     * wins and is returned as its fields; otherwise the offered one replaces it and nil is
     * returned. A stored hash without a numeric expiry or a sealed token, or whose sealed token is ARGV[8], is
     * replaced whatever it says.
     */
    PUBLISH("""
            local f = redis.call('HMGET', KEYS[1], 'v', 'exp', 'expn', 'iat', 'iatn', 'vh', 'ct')
            local sexp = tonumber(f[2])
            if sexp and f[7] and f[7] ~= ARGV[8] then
              local sexpn, siat, siatn = tonumber(f[3]) or 0, tonumber(f[4]) or 0, tonumber(f[5]) or 0
              local oexp, oexpn, oiat, oiatn = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
              local later = oexp > sexp or (oexp == sexp and oexpn > sexpn)
              local restated = f[6] == ARGV[6] and (oiat > siat or (oiat == siat and oiatn > siatn))
              if not (later or restated) then
                return f
              end
            end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'v', ARGV[1], 'exp', ARGV[2], 'expn', ARGV[3], 'iat', ARGV[4],
              'iatn', ARGV[5], 'vh', ARGV[6], 'ct', ARGV[7])
            redis.call('PEXPIREAT', KEYS[1], ARGV[9])
            return false
            """),

    /** Compare and delete by value. KEYS[1]: the token hash; ARGV[1]: the value hash. 1 when deleted. */
    INVALIDATE("""
            if redis.call('HGET', KEYS[1], 'vh') == ARGV[1] then
              redis.call('DEL', KEYS[1])
              return 1
            end
            return 0
            """),

    /** Release a lease if still ours. KEYS[1]: the lease; ARGV[1]: its owner. 1 when released. */
    RELEASE("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """);

    private final String text;
    private final String sha1;

    Scripts(String text) {
        this.text = text;
        this.sha1 = sha1(text);
    }

    /**
     * Runs the script.
     *
     * @param redis the client
     * @param keys  KEYS
     * @param args  ARGV
     * @return the reply
     */
    Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        try {
            return redis.evalsha(sha1, keys, args);
        } catch (JedisNoScriptException e) {
            return redis.eval(text, keys, args);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}
