/**
 * The Symbl.ai token provider (id {@code symbl}): {@code POST /oauth2/token:generate} with a
 * JSON body of app id and secret.
 */
module dev.tokenkit.symbl {
    requires transitive dev.tokenkit;
    requires static transitive com.google.auto.service;

    // nothing exported: applications select the provider by id through dev.tokenkit's registry

    provides dev.tokenkit.spi.TokenProviderFactory with dev.tokenkit.symbl.SymblTokenProviderFactory;
}
