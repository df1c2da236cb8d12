package dev.tokenkit.store.redis;

import dev.tokenkit.Secret;

import java.net.URI;
import java.util.Objects;

/**
 * The parts of a Redis store URI, {@code redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]} or
 * {@code rediss://…} for TLS.
 *
 * @param tls      whether the scheme is {@code rediss}
 * @param host     the host, an IPv6 literal without its brackets
 * @param port     the port, 6379 when the URI has none
 * @param database the database number, 0 when the URI has none
 * @param user     the ACL user, or null
 * @param password the password, or null
 */
record RedisUri(boolean tls, String host, int port, int database, String user, Secret password) {

    /**
     * Parses a URI.
     *
     * @param uri the URI
     * @return its parts
     * @throws IllegalArgumentException when it is not a Redis URI, naming what is wrong and never the password
     */
    static RedisUri parse(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme();
        if (!"redis".equalsIgnoreCase(scheme) && !"rediss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("a Redis store URI starts with redis:// or rediss:// (TLS), e.g."
                    + " redis://localhost:6379; got scheme '" + scheme + "'");
        }
        String h = uri.getHost();
        // an IPv6 literal comes with its brackets, which a socket address does not take
        String host = h != null && h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("the Redis store URI has no host; write " + scheme.toLowerCase()
                    + "://HOST[:PORT][/DB]");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("a Redis store URI takes no query or fragment; set timeouts and"
                    + " other options on RedisTokenStore.Builder");
        }
        String user = null;
        Secret password = null;
        String info = uri.getUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("the user info of the Redis store URI has no ':'; write"
                        + " redis://:PASSWORD@host for a password alone or redis://USER:PASSWORD@host for an ACL user");
            }
            user = colon == 0 ? null : info.substring(0, colon);
            password = Secret.of(info.substring(colon + 1));
        }
        return new RedisUri("rediss".equalsIgnoreCase(scheme), host, uri.getPort() < 0 ? 6379 : uri.getPort(),
                database(uri.getPath()), user, password);
    }

    /** These parts with another ACL user. */
    RedisUri withUser(String newUser) {
        return new RedisUri(tls, host, port, database, newUser, password);
    }

    /** These parts with another password. */
    RedisUri withPassword(Secret newPassword) {
        return new RedisUri(tls, host, port, database, user, newPassword);
    }

    /** The server's address without user info: {@code redis://HOST:PORT/DB}. */
    String address() {
        return (tls ? "rediss" : "redis") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/"
                + database;
    }

    /** Never the password. */
    @Override
    public String toString() {
        return address() + (user != null ? " as " + user : "");
    }

    private static int database(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        boolean digits = path.length() >= 2 && path.length() <= 6 && path.charAt(0) == '/'
                && path.substring(1).chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits) {
            throw new IllegalArgumentException("the path of a Redis store URI is a database number such as /0; got '"
                    + path + "'");
        }
        return Integer.parseInt(path.substring(1));
    }
}
