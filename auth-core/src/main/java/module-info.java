/**
 * tokenkit core: the public API ({@code dev.tokenkit}), the provider SPI
 * ({@code dev.tokenkit.spi}), the provider registry, lifecycle policies and the HTTP/JSON
 * plumbing that providers reuse.
 *
 * <p>Providers are found with {@link java.util.ServiceLoader} as implementations of
 * {@link dev.tokenkit.spi.TokenProviderFactory}, on the class path and on the module path.
 */
// javac's 'module' lint warns that the modules an internal package is exported to are not built yet
@SuppressWarnings("module")
module dev.tokenkit {
    requires transitive java.net.http;
    requires transitive jakarta.json;
    requires org.eclipse.parsson;
    requires io.github.resilience4j.retry;
    requires io.github.resilience4j.core;

    exports dev.tokenkit;
    exports dev.tokenkit.spi;
    // the CLI's demo shows a token's schedule by the engine's own rule (TokenSchedule): not API
    exports dev.tokenkit.internal to dev.tokenkit.cli;
    // key files for the credential providers and the command line's describe: not API
    exports dev.tokenkit.internal.keys to dev.tokenkit.oauth2, dev.tokenkit.google, dev.tokenkit.cli;

    uses dev.tokenkit.spi.TokenProviderFactory;
}
