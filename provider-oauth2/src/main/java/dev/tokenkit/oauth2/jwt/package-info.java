/**
 * Signing JSON Web Tokens (RFC 7519) for RFC 7523 assertions, on Nimbus JOSE+JWT:
 * {@link dev.tokenkit.oauth2.jwt.JwtSigner} (algorithm choice and checks, the JWS header) and
 * {@link dev.tokenkit.oauth2.jwt.AssertionClaims} (the claims of one assertion, with a fresh
 * {@code jti} each time). Not API: exported only to tokenkit's own providers.
 */
package dev.tokenkit.oauth2.jwt;
