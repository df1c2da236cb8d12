package dev.tokenkit.internal;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.internal.keys.KeyChecks;
import dev.tokenkit.internal.keys.KeyFiles;
import dev.tokenkit.internal.keys.KeyMaterial;
import dev.tokenkit.internal.keys.TransportKeys;
import dev.tokenkit.internal.util.Fingerprints;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The transport options of one source, read and checked when the provider is created (files
 * read, passwords tried, the client certificate matched to its key and checked for validity), so
 * that no configuration error waits for the first request.
 */
public final class TransportConfig {
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxResponseBytes;
    private final boolean insecureAllowed;
    private final String proxy;
    private final Optional<KeyStore> trust;
    private final String trustFingerprint;
    private final Optional<KeyMaterial> clientKey;
    private final String clientKeyFingerprint;

    private TransportConfig(Duration connectTimeout, Duration requestTimeout, int maxResponseBytes,
                            boolean insecureAllowed, String proxy, Optional<KeyStore> trust,
                            Optional<KeyMaterial> clientKey) {
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.maxResponseBytes = maxResponseBytes;
        this.insecureAllowed = insecureAllowed;
        this.proxy = proxy;
        this.trust = trust;
        this.trustFingerprint = trust.map(TransportConfig::fingerprint).orElse("");
        this.clientKey = clientKey;
        this.clientKeyFingerprint = clientKey.map(TransportConfig::fingerprint).orElse("");
    }

    /** Timeouts, size cap and plain-http policy only: the JVM's trust, no proxy, no client certificate. */
    public static TransportConfig basic(Duration connectTimeout, Duration requestTimeout, int maxResponseBytes,
                                        boolean insecureAllowed) {
        return new TransportConfig(connectTimeout, requestTimeout, maxResponseBytes, insecureAllowed, "",
                Optional.empty(), Optional.empty());
    }

    /**
     * Reads the transport options of a validated configuration.
     *
     * @param config a configuration validated against a descriptor (so the transport options are known)
     * @param now    the instant the client certificate must be valid at
     * @throws ProviderConfigurationException for every problem, without the provider id
     */
    public static TransportConfig of(ProviderConfig config, Instant now) {
        String proxy = config.find(ProviderDescriptor.PROXY.name()).map(TransportConfig::proxy).orElse("");
        TransportKeys.requireWith(config, ProviderDescriptor.TLS_TRUST_PASSWORD.name(), ProviderDescriptor.TLS_TRUST.name());
        Optional<KeyStore> trust = config.find(ProviderDescriptor.TLS_TRUST.name()).map(file ->
                KeyFiles.readTrustStore(ProviderDescriptor.TLS_TRUST.name(), Path.of(file),
                        TransportKeys.password(config, ProviderDescriptor.TLS_TRUST_PASSWORD.name())));
        Optional<KeyMaterial> clientKey = TransportKeys.clientKey(config);
        String certificateOption = config.has(ProviderDescriptor.TLS_CLIENT_KEYSTORE.name())
                ? ProviderDescriptor.TLS_CLIENT_KEYSTORE.name() : ProviderDescriptor.TLS_CLIENT_CERTIFICATE.name();
        clientKey.ifPresent(k -> KeyChecks.requireValid(certificateOption, k.chain(), now));
        return new TransportConfig(config.duration(ProviderDescriptor.CONNECT_TIMEOUT.name()),
                config.duration(ProviderDescriptor.REQUEST_TIMEOUT.name()),
                config.integer(ProviderDescriptor.MAX_RESPONSE_BYTES.name()),
                config.bool(ProviderDescriptor.ALLOW_INSECURE_HTTP.name()), proxy, trust, clientKey);
    }

    /** {@code host:port}, checked; IPv6 literals in brackets. No user-info: tokenkit sends no proxy credentials. */
    static String proxy(String value) {
        String option = ProviderDescriptor.PROXY.name();
        int colon = value.lastIndexOf(':');
        String host = colon > 0 ? value.substring(0, colon) : "";
        String port = colon > 0 ? value.substring(colon + 1) : "";
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        boolean hostOk = !host.isEmpty() && (bracketed || host.indexOf(':') < 0) && host.chars().allMatch(c ->
                Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || (bracketed && (c == ':' || c == '[' || c == ']')));
        int p = port.length() > 0 && port.length() <= 5 && port.chars().allMatch(Character::isDigit) ? Integer.parseInt(port) : 0;
        if (value.indexOf('@') >= 0 || value.indexOf('/') >= 0) {
            throw KeyChecks.problem(option, "give only host:port (no scheme, credentials or path), e.g. proxy.internal:3128");
        }
        if (!hostOk || p < 1 || p > 65535) {
            throw KeyChecks.problem(option, "has value '" + value + "', which is not host:port; use e.g."
                    + " proxy.internal:3128");
        }
        return value;
    }

    /** The proxy address, unresolved (resolved by the client when it connects). */
    Optional<InetSocketAddress> proxyAddress() {
        if (proxy.isEmpty()) {
            return Optional.empty();
        }
        int colon = proxy.lastIndexOf(':');
        String host = proxy.substring(0, colon);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return Optional.of(InetSocketAddress.createUnresolved(host, Integer.parseInt(proxy.substring(colon + 1))));
    }

    /** The client settings for requests to {@code http://} ({@code plain}) or {@code https://} endpoints. */
    TransportSettings settings(boolean plain) {
        return plain ? new TransportSettings(connectTimeout, proxy, "", "", true)
                : new TransportSettings(connectTimeout, proxy, trustFingerprint, clientKeyFingerprint, false);
    }

    /** A TLS context with the configured trust anchors (or the JVM's) and client key (or none). */
    SSLContext sslContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust.orElse(null));
            KeyManagerFactory kmf = null;
            if (clientKey.isPresent()) {
                KeyMaterial k = clientKey.get();
                char[] password = new char[0];
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("client", k.privateKey(), password, k.chain().toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("could not set up TLS with the configured trust and client key ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    int maxResponseBytes() {
        return maxResponseBytes;
    }

    boolean insecureAllowed() {
        return insecureAllowed;
    }

    /** The client certificate presented for mutual TLS. */
    public Optional<X509Certificate> clientCertificate() {
        return clientKey.flatMap(KeyMaterial::certificate);
    }

    /** One line per configured setting beyond the defaults, for {@code describe}-style output; no secret. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        if (!proxy.isEmpty()) {
            lines.add("proxy " + proxy);
        }
        trust.ifPresent(t -> lines.add("trust " + trustedSubjects(t)));
        clientKey.ifPresent(k -> lines.add("client certificate: " + k.describe()));
        return lines;
    }

    private static String trustedSubjects(KeyStore store) {
        List<String> names = new ArrayList<>();
        for (X509Certificate c : certificates(store)) {
            names.add(c.getSubjectX500Principal().getName());
        }
        return String.join("; ", names);
    }

    private static List<X509Certificate> certificates(KeyStore store) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias) && store.getCertificate(alias) instanceof X509Certificate c) {
                    out.add(c);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a loaded trust store could not be listed", e);
        }
        return out;
    }

    /** A digest of the trusted certificates, independent of their order and aliases. */
    private static String fingerprint(KeyStore store) {
        TreeSet<String> encodings = new TreeSet<>();
        for (X509Certificate c : certificates(store)) {
            try {
                encodings.add(Base64.getEncoder().encodeToString(c.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("a loaded certificate could not be encoded", e);
            }
        }
        return digest(String.join("\n", encodings));
    }

    /** A digest of the client key's public key and its chain (the same key with another chain is another client). */
    private static String fingerprint(KeyMaterial key) {
        StringBuilder s = new StringBuilder(key.fingerprint());
        for (X509Certificate c : key.chain()) {
            try {
                s.append('\n').append(Base64.getEncoder().encodeToString(c.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("a loaded certificate could not be encoded", e);
            }
        }
        return digest(s.toString());
    }

    private static String digest(String text) {
        MessageDigest d = Fingerprints.sha256();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(d.digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
