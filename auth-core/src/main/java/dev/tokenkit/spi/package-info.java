/**
 * The service provider interface: what a vendor module implements to plug into tokenkit.
 *
 * <p>A provider module implements {@link dev.tokenkit.spi.TokenProviderFactory}, registers it
 * with {@code @AutoService(TokenProviderFactory.class)} and {@code provides ... with ...} in its
 * module-info, and usually extends {@link dev.tokenkit.spi.JsonTokenProvider} so that it only
 * states its request and its response mapping. For an OAuth 2.0 flavoured endpoint,
 * {@link dev.tokenkit.spi.TokenRequest.Builder#formBody(java.util.Map)},
 * {@link dev.tokenkit.spi.TokenRequest.Builder#clientSecretBasic(String, dev.tokenkit.Secret)} and
 * {@link dev.tokenkit.spi.OAuth2TokenResponse} are the request and the answer, and
 * {@link dev.tokenkit.spi.JsonTokenProvider} already maps RFC 6749 error answers
 * ({@link dev.tokenkit.spi.OAuth2Error}). {@code docs/writing-a-provider.md} is the guide;
 * the {@code provider-testkit} contract proves an implementation correct.
 */
package dev.tokenkit.spi;
