package dev.tokenkit.store.redis;

/**
 * A {@link RedisTokenStore} operation failed: Redis was unreachable, slow past the socket
 * timeout, refused the credentials or a command (ACL, out of memory), or the store was closed.
 * The message names the server (never a password), the operation and the Redis key (which holds
 * no secret); the cause is the client library's exception.
 *
 * <p>A {@link dev.tokenkit.TokenSource} never shows it to callers: it reports it to
 * {@link dev.tokenkit.TokenSourceListener#storeFailed} listeners, logs it, and carries on with
 * its own single flight.
 */
public final class RedisStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure
     */
    public RedisStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
