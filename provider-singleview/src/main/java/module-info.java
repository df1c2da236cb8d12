/**
 * The SingleView token provider (id {@code singleview}): {@code POST /v1/api/svplatform/token}
 * with the CompanyId, SVReferenceID, DateTimeStamp and Device headers and a
 * {@code client_credentials} JSON body.
 */
module dev.tokenkit.singleview {
    requires transitive dev.tokenkit;
    requires static transitive com.google.auto.service;

    // nothing exported: applications select the provider by id through dev.tokenkit's registry

    provides dev.tokenkit.spi.TokenProviderFactory with dev.tokenkit.singleview.SingleViewTokenProviderFactory;
}
