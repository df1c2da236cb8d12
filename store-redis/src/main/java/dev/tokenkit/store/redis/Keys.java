package dev.tokenkit.store.redis;

import dev.tokenkit.spi.TokenKey;

/**
 * Names of the Redis keys of one store: {@code {prefix}token:{providerId}:{identity}} and
 * {@code {prefix}lease:{providerId}:{identity}}. They hold no secret: the identity is a digest.
 */
final class Keys {
    /** The prefix when none is set. */
    static final String DEFAULT_PREFIX = "tokenkit:";
    private static final int MAX_PREFIX = 100;

    private final String prefix;

    Keys(String prefix) {
        this.prefix = check(prefix);
    }

    String prefix() {
        return prefix;
    }

    String token(TokenKey key) {
        return prefix + "token:" + key.providerId() + ":" + key.identity();
    }

    String lease(TokenKey key) {
        return prefix + "lease:" + key.providerId() + ":" + key.identity();
    }

    private static String check(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("the key prefix must not be null; the default is '" + DEFAULT_PREFIX + "'");
        }
        if (prefix.length() > MAX_PREFIX || !prefix.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("the key prefix '" + prefix.replaceAll("\\p{Cntrl}", "?") + "' must be"
                    + " at most " + MAX_PREFIX + " printable ASCII characters without spaces, e.g. 'tokenkit:' or"
                    + " 'myapp:tokenkit:'");
        }
        return prefix;
    }
}
