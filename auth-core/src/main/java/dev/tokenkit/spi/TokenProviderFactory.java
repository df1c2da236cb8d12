package dev.tokenkit.spi;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.TokenProvider;

/**
 * The {@link java.util.ServiceLoader} service a provider module implements.
 *
 * <h2>The id contract</h2>
 * The id of the {@linkplain #descriptor() descriptor} is lower-kebab-case (a lower-case letter, then lower-case letters, digits and
 * single dashes; at most 64 characters), never blank, unique among the providers an application
 * loads, and stable across releases: applications select providers by it. Examples:
 * {@code symbl}, {@code singleview}, {@code acme-sso}. Two factories with one id are an error
 * naming both classes; a malformed id is reported and the factory is not loaded.
 *
 * <h2>Registration</h2>
 * Annotate the implementation with {@code @AutoService(TokenProviderFactory.class)} (for the
 * class path) and declare {@code provides dev.tokenkit.spi.TokenProviderFactory with ...} in
 * module-info (for the module path). The class needs a public no-argument constructor.
 */
public interface TokenProviderFactory {

    /**
     * Describes the provider: its {@linkplain ProviderDescriptor#id() id} (see the id contract
     * above), its display name, and the options it declares.
     *
     * @return the descriptor
     */
    ProviderDescriptor descriptor();

    /**
     * Creates a provider. The configuration has been validated against {@link #descriptor()}:
     * required options are present, defaults are filled in, and secret options are held as
     * {@link dev.tokenkit.Secret}.
     *
     * @param config  the validated configuration
     * @param context what tokenkit lends the provider: HTTP transport, clock, JSON, logger
     * @return the provider
     */
    TokenProvider create(ProviderConfig config, ProviderContext context);
}
