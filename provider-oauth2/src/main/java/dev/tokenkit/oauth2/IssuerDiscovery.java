package dev.tokenkit.oauth2;

import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.ISSUER;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.TOKEN_URL;

import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.RateLimitedException;
import dev.tokenkit.spi.ProviderContext;
import dev.tokenkit.spi.TokenRequest;
import dev.tokenkit.spi.TokenResponse;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Finds the token endpoint from the issuer's metadata, once per provider: RFC 8414's
 * {@code /.well-known/oauth-authorization-server} (inserted between the host and the issuer's
 * path, §3.1), and, when that address answers a 4xx other than 429, OpenID Connect's
 * {@code {issuer}/.well-known/openid-configuration}, which Keycloak, Entra ID and Auth0 publish
 * instead. A success is kept for the provider's life; a failure is not, so the next fetch (the
 * engine's retry) discovers again. 5xx, 429 and I/O failures are retryable; a missing or
 * unfitting document is a configuration error.
 */
final class IssuerDiscovery {
    static final String RFC8414_SEGMENT = "/.well-known/oauth-authorization-server";
    static final String OPENID_SUFFIX = "/.well-known/openid-configuration";

    private final OAuth2Settings settings;
    private final ProviderContext context;
    private final Object lock = new Object();
    private volatile URI tokenEndpoint;

    IssuerDiscovery(OAuth2Settings settings, ProviderContext context) {
        this.settings = settings;
        this.context = context;
    }

    /**
     * The token endpoint, discovered on the first call (one caller at a time; the others wait
     * for its answer, which the request timeout bounds).
     *
     * @return the token endpoint
     * @throws dev.tokenkit.TokenException when discovery fails
     */
    URI tokenEndpoint() {
        URI known = tokenEndpoint;
        if (known != null) {
            return known;
        }
        synchronized (lock) {
            if (tokenEndpoint == null) {
                tokenEndpoint = discover();
            }
            return tokenEndpoint;
        }
    }

    /**
     * The token endpoint, if discovered already.
     *
     * @return the endpoint, or empty before the first successful discovery
     */
    Optional<URI> discovered() {
        return Optional.ofNullable(tokenEndpoint);
    }

    /** RFC 8414 §3.1: {@code scheme://authority/.well-known/oauth-authorization-server/path}. */
    static URI rfc8414Address(URI issuer) {
        return URI.create(issuer.getScheme() + "://" + issuer.getRawAuthority() + RFC8414_SEGMENT + path(issuer));
    }

    /** OpenID Connect Discovery 1.0 §4: {@code issuer/.well-known/openid-configuration}. */
    static URI openIdAddress(URI issuer) {
        return URI.create(issuer.getScheme() + "://" + issuer.getRawAuthority() + path(issuer) + OPENID_SUFFIX);
    }

    /** The issuer's path without its terminating slashes (RFC 8414 §3.1). */
    private static String path(URI issuer) {
        String path = issuer.getRawPath() == null ? "" : issuer.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }

    private URI discover() {
        TokenResponse metadata = metadata();
        URI endpoint = ServerMetadata.tokenEndpoint(context.providerId(), metadata.uri(), document(metadata),
                settings);
        context.logger().log(System.Logger.Level.DEBUG, () -> "discovered token endpoint " + endpoint + " from "
                + metadata.uri());
        return endpoint;
    }

    /** The first answer with a document: RFC 8414's address, else OpenID Connect's. */
    private TokenResponse metadata() {
        URI first = rfc8414Address(settings.issuer);
        TokenResponse answer = get(first);
        if (!isMissing(answer)) {
            return answer;
        }
        URI second = openIdAddress(settings.issuer);
        TokenResponse fallback = get(second);
        if (!isMissing(fallback)) {
            return fallback;
        }
        throw new ProviderConfigurationException(context.providerId(), "issuer discovery: no authorization server"
                + " metadata for issuer " + settings.issuer + ": GET " + first + " answered HTTP " + answer.status()
                + " and GET " + second + " HTTP " + fallback.status() + "; check option '" + ISSUER + "' (the"
                + " server's issuer identifier, e.g. https://example.okta.com/oauth2/default), or set '" + TOKEN_URL
                + "' to the token endpoint instead");
    }

    private TokenResponse get(URI address) {
        TokenResponse response = context.http().send(TokenRequest.get(address)
                .header("Accept", "application/json")
                .build());
        int status = response.status();
        Duration retryAfter = response.retryAfter(context.clock().instant()).orElse(null);
        if (status == 429) {
            throw new RateLimitedException(context.providerId(), retryAfter, "issuer discovery: GET " + address
                    + " answered HTTP 429 (rate limited)");
        }
        if (status >= 500) {
            throw new ProviderUnavailableException(context.providerId(), status, retryAfter, "issuer discovery: GET "
                    + address + " answered HTTP " + status + "; the authorization server is unavailable", null);
        }
        if (status >= 300 && status < 400) {
            throw new ProviderConfigurationException(context.providerId(), "issuer discovery: GET " + address
                    + " answered HTTP " + status + " with a redirect" + response.header("Location")
                            .map(location -> " to " + OAuth2Settings.printable(location)).orElse("")
                    + "; tokenkit never follows redirects: set option '" + ISSUER + "' to the server's own issuer"
                    + " identifier, or '" + TOKEN_URL + "' to the token endpoint");
        }
        return response;
    }

    /** A 4xx other than 429: no metadata at this address (servers say 404, some 400, 401, 403 or 405). */
    private static boolean isMissing(TokenResponse response) {
        return response.status() >= 400 && response.status() < 500 && response.status() != 429;
    }

    private JsonObject document(TokenResponse response) {
        try (JsonReader reader = context.json().createReader(new ByteArrayInputStream(response.body()))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            throw new ProviderConfigurationException(context.providerId(), "issuer discovery: the answer of GET "
                    + response.uri() + " (HTTP " + response.status() + ", " + response.header("Content-Type")
                    .map(OAuth2Settings::printable).orElse("no Content-Type") + ") is not a JSON object, so not"
                    + " authorization server metadata; check option '" + ISSUER + "', or set '" + TOKEN_URL + "'");
        }
    }
}
