package dev.tokenkit.store.redis;

import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The store's Lua scripts, every command it sends: each runs atomically on the server. Sent by
 * digest ({@code EVALSHA}); a server that does not know the script (first use, restart, failover,
 * {@code SCRIPT FLUSH}) gets its text once ({@code EVAL}, which also caches it).
 *
 * <p>The scripts that touch a token key share one shape check, {@code stored(key)}: a key holds
 * a token of the store's when it is a hash of exactly the fields of {@link StoredToken#SHAPE},
 * each within its sizes and of its characters (sizes are read with {@code HSTRLEN} before any
 * value is, so an oversized value never crosses the wire). Anything else there is foreign: it
 * reads as absent and the next publish replaces it.
 */
enum Scripts {
    /**
     * Read. KEYS[1]: the token hash. Returns nil when absent; a string (why it is foreign, never
     * its content) when foreign; else its fields in the order of {@link StoredToken#SHAPE}.
     */
    READ(Shape.CHECK + """
            local state, v = stored(KEYS[1])
            if state == 'absent' then
              return false
            end
            return v
            """),

    /**
     * Publish if newer. KEYS[1]: the token hash. ARGV[1..7]: the offered token's fields in the
     * order of {@link StoredToken#SHAPE}; ARGV[8]: the sealed token ({@code ct}) the caller could
     * not open, or ""; ARGV[9]: the {@code PEXPIREAT} time in ms; ARGV[10]: the value hash of the
     * writer's previous token, or "". A stored token that the offered one does not supersede (it
     * expires later, or has the same value hash and a later issue time: see {@code TokenStore.publish})
     * wins and is returned as its fields; otherwise the offered one replaces it and nil is returned.
     * What is absent, foreign, whose sealed token is ARGV[8], or whose value hash is ARGV[10] (the
     * writer's own previous token, which its new fetch replaces) is replaced whatever it says.
     */
    PUBLISH(Shape.CHECK + """
            local state, f = stored(KEYS[1])
            if state == 'token' and f[7] ~= ARGV[8] and not (ARGV[10] ~= '' and f[6] == ARGV[10]) then
              local sexp, sexpn, siat, siatn = tonumber(f[2]), tonumber(f[3]), tonumber(f[4]), tonumber(f[5])
              local oexp, oexpn, oiat, oiatn = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
              local later = oexp > sexp or (oexp == sexp and oexpn > sexpn)
              local restated = f[6] == ARGV[6] and (oiat > siat or (oiat == siat and oiatn > siatn))
              if not (later or restated) then
                return f
              end
            end
            redis.call('DEL', KEYS[1])
            local args = {}
            for i, field in ipairs(FIELDS) do
              args[2 * i - 1], args[2 * i] = field[1], ARGV[i]
            end
            redis.call('HSET', KEYS[1], unpack(args))
            redis.call('PEXPIREAT', KEYS[1], ARGV[9])
            return false
            """),

    /**
     * Compare and delete by value. KEYS[1]: the token hash; ARGV[1]: the value hash. 1 when
     * deleted; a foreign value is left to the next publish.
     */
    INVALIDATE(Shape.CHECK + """
            local state, f = stored(KEYS[1])
            if state == 'token' and f[6] == ARGV[1] then
              redis.call('DEL', KEYS[1])
              return 1
            end
            return 0
            """),

    /**
     * Take the lease. KEYS[1]: the lease; ARGV[1]: a new owner ({@value RedisTokenStore#OWNER_HEX_DIGITS}
     * lowercase hex digits); ARGV[2]: its time-to-live in ms. A lease is a string of such an owner
     * with a time-to-live: when one is there, returns 0 (held). Otherwise sets the new owner and
     * returns 1, or, when the key held something else (another type, another string, no
     * time-to-live: it would block every replica for ever), why it was foreign.
     */
    LEASE("""
            local t = redis.call('TYPE', KEYS[1])['ok']
            local why = false
            if t == 'string' then
              if redis.call('PTTL', KEYS[1]) < 0 then
                why = 'a string without a time-to-live'
              elseif redis.call('STRLEN', KEYS[1]) ~= %1$d or string.find(redis.call('GET', KEYS[1]), '[^0-9a-f]') then
                why = 'a string that is not an owner id'
              else
                return 0
              end
            elseif t ~= 'none' then
              why = 'a ' .. t .. ', not a string'
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return why or 1
            """.formatted(RedisTokenStore.OWNER_HEX_DIGITS)),

    /** Release a lease if still ours. KEYS[1]: the lease; ARGV[1]: its owner. 1 when released. */
    RELEASE("""
            if redis.call('TYPE', KEYS[1])['ok'] == 'string' and redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """);

    private static final CommandObjects COMMANDS = new CommandObjects(RedisProtocol.RESP2);

    private final String text;
    private final String sha1;

    Scripts(String text) {
        this.text = text;
        this.sha1 = sha1(text);
    }

    /**
     * Runs the script.
     *
     * @param connection a connection
     * @param keys       KEYS
     * @param args       ARGV
     * @return the reply: nil as null, a string, a number, or a list of them
     */
    Object run(Connection connection, List<String> keys, List<String> args) {
        try {
            return connection.executeCommand(COMMANDS.evalsha(sha1, keys, args));
        } catch (JedisNoScriptException e) {
            return connection.executeCommand(COMMANDS.eval(text, keys, args));
        }
    }

    /** The script's text (package-private: for the documentation test). */
    String text() {
        return text;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    /** The shape check the token scripts start with, written from {@link StoredToken#SHAPE}. */
    private static final class Shape {
        static final String CHECK = """
                local FIELDS = {%s}
                -- 'absent'; 'foreign' and why (never the content); or 'token' and its fields in the order of FIELDS
                local function stored(key)
                  local t = redis.call('TYPE', key)['ok']
                  if t == 'none' then
                    return 'absent'
                  end
                  if t ~= 'hash' then
                    return 'foreign', 'a ' .. t .. ', not a hash'
                  end
                  local n = redis.call('HLEN', key)
                  if n ~= #FIELDS then
                    return 'foreign', 'a hash of ' .. n .. ' fields, not ' .. #FIELDS
                  end
                  local names = {}
                  for i, field in ipairs(FIELDS) do
                    local len = redis.call('HSTRLEN', key, field[1])
                    if len < field[2] or len > field[3] then
                      return 'foreign', "field '" .. field[1] .. "' missing or of " .. len .. ' bytes, not ' .. field[2] .. ' to ' .. field[3]
                    end
                    names[i] = field[1]
                  end
                  local f = redis.call('HMGET', key, unpack(names))
                  for i, field in ipairs(FIELDS) do
                    if string.find(f[i], '[^' .. field[4] .. ']') then
                      return 'foreign', "field '" .. field[1] .. "' holds characters other than [" .. field[4] .. ']'
                    end
                  end
                  return 'token', f
                end
                """.formatted(StoredToken.SHAPE.stream()
                        .map(f -> "{'%s', %d, %d, '%s'}".formatted(f.name(), f.minChars(), f.maxChars(), f.chars()))
                        .collect(Collectors.joining(", ")));

        private Shape() {
        }
    }
}
