module com.acme.tokenkit {
    requires transitive dev.tokenkit;
    requires static com.google.auto.service;
    provides dev.tokenkit.spi.TokenProviderFactory with com.acme.tokenkit.AcmeTokenProviderFactory;
}
