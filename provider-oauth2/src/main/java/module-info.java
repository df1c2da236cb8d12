/**
 * The OAuth 2.0 client credentials provider (id {@code oauth2}): a token from any standard token
 * endpoint (RFC 6749 section 4.4), configured or discovered from the issuer's RFC 8414 metadata.
 */
// javac's 'module' lint warns about the terminal digit of "oauth2"; the name follows the
// package (dev.tokenkit.<vendor>), as every tokenkit module does
@SuppressWarnings("module")
module dev.tokenkit.oauth2 {
    requires transitive dev.tokenkit;
    requires static transitive com.google.auto.service;
    requires com.nimbusds.jose.jwt;

    // nothing exported to applications: they select the provider by id through dev.tokenkit's
    // registry; the JWT signer serves tokenkit's own JWT bearer provider, not API
    exports dev.tokenkit.oauth2.jwt to dev.tokenkit.google;

    provides dev.tokenkit.spi.TokenProviderFactory with dev.tokenkit.oauth2.OAuth2TokenProviderFactory;
}
