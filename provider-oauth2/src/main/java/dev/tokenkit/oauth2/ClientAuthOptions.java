package dev.tokenkit.oauth2;

import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.AUTH_METHOD;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.CERTIFICATE;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.CLIENT_ASSERTION;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.CLIENT_ASSERTION_FILE;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.CLIENT_SECRET;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.KEY_STORE;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.KEY_STORE_ALIAS;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.KEY_STORE_PASSWORD;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.PRIVATE_KEY;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.PRIVATE_KEY_PASSWORD;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.Secret;
import dev.tokenkit.internal.keys.KeyChecks;
import dev.tokenkit.internal.keys.KeyFiles;
import dev.tokenkit.internal.keys.KeyMaterial;
import dev.tokenkit.oauth2.jwt.JwtSigner;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Reads the options of the configured {@code auth-method} into its {@link ClientAuthentication},
 * checking everything a request would find out: the secret or key each method needs (and no
 * credential of another method), the key file and its password, the certificate (matching the
 * key, valid now), the algorithm against the key. Problems are added to the caller's list,
 * named by option and without key material.
 */
final class ClientAuthOptions {
    /** The options that hold a credential of private_key_jwt. */
    private static final List<String> KEY_OPTIONS = List.of(PRIVATE_KEY, KEY_STORE, CLIENT_ASSERTION_FILE,
            CLIENT_ASSERTION);

    private ClientAuthOptions() {
    }

    /**
     * The client authentication of a configuration.
     *
     * @param config     the validated configuration
     * @param descriptor the provider's descriptor (for environment variable names)
     * @param method     the configured method
     * @param clientId   the client id
     * @param issuer     the issuer option, or {@code null}
     * @param clock      the provider's clock (certificate validity, assertion times)
     * @param clientCertificate the certificate the transport presents for mutual TLS, if any
     * @param problems   where problems go
     * @return the authentication, or {@code null} when a problem prevents it
     */
    static ClientAuthentication from(ProviderConfig config, ProviderDescriptor descriptor, ClientAuthMethod method,
                                     String clientId, URI issuer, InstantSource clock,
                                     Optional<X509Certificate> clientCertificate, List<String> problems) {
        List<String> keyOptions = KEY_OPTIONS.stream().filter(config::has).toList();
        if (method != ClientAuthMethod.PRIVATE_KEY_JWT && !keyOptions.isEmpty()) {
            problems.add("option '" + keyOptions.get(0) + "' is set, but " + AUTH_METHOD + " is " + method.optionValue()
                    + ", which does not use it; set " + AUTH_METHOD + "=private_key_jwt, or remove it"
                    + (method.usesClientCertificate() ? " (the TLS client certificate and its key are the transport"
                    + " options " + ProviderDescriptor.TLS_CLIENT_CERTIFICATE.name() + " and "
                    + ProviderDescriptor.TLS_CLIENT_KEY.name() + ")" : ""));
            return null;
        }
        if (!method.usesClientSecret() && config.has(CLIENT_SECRET)) {
            problems.add("option '" + CLIENT_SECRET + "' is set, but " + AUTH_METHOD + "=" + method.optionValue()
                    + " does not send it; remove it" + (method == ClientAuthMethod.PRIVATE_KEY_JWT
                    ? " (or use client_secret_jwt to sign with the secret)" : ""));
            return null;
        }
        switch (method) {
            case CLIENT_SECRET_BASIC:
            case CLIENT_SECRET_POST:
                return clientSecret(config, descriptor, method, problems)
                        .map(secret -> new SecretAuthentication(method == ClientAuthMethod.CLIENT_SECRET_BASIC, clientId,
                                secret))
                        .orElse(null);
            case CLIENT_SECRET_JWT:
                return clientSecret(config, descriptor, method, problems).map(secret -> {
                    AssertionOptions options = AssertionOptions.from(config, issuer, problems);
                    return signer(method, problems, () -> JwtSigner.hmac(
                            secret.reveal().getBytes(StandardCharsets.UTF_8), options.jws))
                            .map(signer -> options.assertion(clientId, signer, Optional.empty(), clock)).orElse(null);
                }).orElse(null);
            case PRIVATE_KEY_JWT:
                return privateKeyJwt(config, clientId, issuer, clock, keyOptions, problems);
            case TLS_CLIENT_AUTH:
            case SELF_SIGNED_TLS_CLIENT_AUTH:
                return tlsClientAuth(method, clientId, clientCertificate, problems);
            default:
                throw new IllegalStateException("no client authentication for " + method);
        }
    }

    private static ClientAuthentication privateKeyJwt(ProviderConfig config, String clientId, URI issuer,
                                                      InstantSource clock, List<String> keyOptions,
                                                      List<String> problems) {
        if (keyOptions.size() != 1) {
            problems.add(AUTH_METHOD + "=private_key_jwt needs exactly one of options '" + PRIVATE_KEY + "' (a PEM key"
                    + " file), '" + KEY_STORE + "' (a PKCS#12 keystore), '" + CLIENT_ASSERTION_FILE + "' (an assertion"
                    + " made elsewhere, read for every request) and '" + CLIENT_ASSERTION + "'; "
                    + (keyOptions.isEmpty() ? "none is set" : String.join(" and ", keyOptions) + " are set"));
            return null;
        }
        String source = keyOptions.get(0);
        if (source.equals(CLIENT_ASSERTION_FILE)) {
            AssertionFile file = new AssertionFile(CLIENT_ASSERTION_FILE, Path.of(config.string(CLIENT_ASSERTION_FILE)));
            try {
                file.read();
            } catch (ProviderConfigurationException e) {
                problems.add(e.getMessage());
                return null;
            }
            return new PremadeAssertion(clientId, file::read);
        }
        if (source.equals(CLIENT_ASSERTION)) {
            return new PremadeAssertion(clientId, () -> config.secret(CLIENT_ASSERTION));
        }
        KeyMaterial material;
        try {
            material = source.equals(PRIVATE_KEY)
                    ? KeyFiles.readPem(PRIVATE_KEY, Path.of(config.string(PRIVATE_KEY)),
                            config.findSecret(PRIVATE_KEY_PASSWORD).map(s -> s.reveal().toCharArray()),
                            config.find(CERTIFICATE).map(Path::of))
                    : KeyFiles.readPkcs12(KEY_STORE, Path.of(config.string(KEY_STORE)),
                            config.findSecret(KEY_STORE_PASSWORD).map(s -> s.reveal().toCharArray())
                                    .orElse(new char[0]), config.find(KEY_STORE_ALIAS));
            KeyChecks.requireValid(config.has(CERTIFICATE) ? CERTIFICATE : source, material.chain(), clock.instant());
        } catch (ProviderConfigurationException e) {
            problems.add(e.getMessage());
            return null;
        }
        AssertionOptions options = AssertionOptions.from(config, issuer, problems);
        return signer(ClientAuthMethod.PRIVATE_KEY_JWT, problems, () -> JwtSigner.of(material, options.jws))
                .map(signer -> options.assertion(clientId, signer, Optional.of(material), clock)).orElse(null);
    }

    /** RFC 8705 §2: the transport must present a client certificate; the form names the client. */
    private static ClientAuthentication tlsClientAuth(ClientAuthMethod method, String clientId,
                                                      Optional<X509Certificate> certificate, List<String> problems) {
        if (certificate.isEmpty()) {
            problems.add(AUTH_METHOD + "=" + method.optionValue() + " authenticates with the TLS client certificate,"
                    + " and none is configured; set the transport options "
                    + ProviderDescriptor.TLS_CLIENT_CERTIFICATE.name() + " and " + ProviderDescriptor.TLS_CLIENT_KEY.name()
                    + " (PEM files), or " + ProviderDescriptor.TLS_CLIENT_KEYSTORE.name() + " and "
                    + ProviderDescriptor.TLS_CLIENT_KEYSTORE_PASSWORD.name() + " (a PKCS#12 keystore), to the"
                    + " certificate registered for client '" + OAuth2Settings.printable(clientId) + "'");
            return null;
        }
        return new TlsClientAuthentication(clientId, certificate.get());
    }

    private static Optional<Secret> clientSecret(ProviderConfig config, ProviderDescriptor descriptor,
                                                 ClientAuthMethod method, List<String> problems) {
        Optional<Secret> secret = config.findSecret(CLIENT_SECRET).filter(s -> !s.isEmpty());
        if (secret.isEmpty()) {
            problems.add("missing option '" + CLIENT_SECRET + "', which " + AUTH_METHOD + "=" + method.optionValue()
                    + " needs; set it in the configuration or with the environment variable "
                    + descriptor.option(CLIENT_SECRET).orElseThrow().environmentVariable(descriptor.id()));
        }
        return secret;
    }

    /** The signer, or a problem naming what does not fit (never key material). */
    private static Optional<JwtSigner> signer(ClientAuthMethod method, List<String> problems,
                                              java.util.function.Supplier<JwtSigner> make) {
        try {
            return Optional.of(make.get());
        } catch (IllegalArgumentException e) {
            problems.add(AUTH_METHOD + "=" + method.optionValue() + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
