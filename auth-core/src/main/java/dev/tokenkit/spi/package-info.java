/**
 * The service provider interface: what a vendor module implements to plug into tokenkit.
 *
 * <p>A provider module implements {@link dev.tokenkit.spi.TokenProviderFactory}, registers it
 * with {@code @AutoService(TokenProviderFactory.class)} and {@code provides ... with ...} in its
 * module-info, and usually extends {@link dev.tokenkit.spi.JsonTokenProvider} so that it only
 * states its request and its response mapping. {@code docs/writing-a-provider.md} is the guide;
 * the {@code provider-testkit} contract proves an implementation correct.
 */
package dev.tokenkit.spi;
