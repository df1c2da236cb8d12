/**
 * The Google service-account token provider (id {@code google-service-account}): the JWT bearer
 * grant (RFC 7523 section 2.1) with a service-account key file, signed by provider-oauth2's JWT
 * signer.
 */
module dev.tokenkit.google {
    requires transitive dev.tokenkit;
    requires static transitive com.google.auto.service;
    requires dev.tokenkit.oauth2;

    // nothing exported: applications select the provider by id through dev.tokenkit's registry

    provides dev.tokenkit.spi.TokenProviderFactory with dev.tokenkit.google.GoogleServiceAccountProviderFactory;
}
