package dev.tokenkit.internal;

import dev.tokenkit.internal.util.Json;
import dev.tokenkit.internal.util.Redactor;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.spi.HttpTransport;
import dev.tokenkit.spi.ProviderContext;
import jakarta.json.spi.JsonProvider;

import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@link ProviderContext} the registry builds from a validated configuration. */
public final class DefaultProviderContext implements ProviderContext {
    private final ProviderDescriptor descriptor;
    private final InstantSource clock;
    private final HttpTransport http;
    private final System.Logger logger;
    private final Redactor redactor;
    private final TransportConfig transportConfig;

    /**
     * Builds the context; {@code config} must be validated against {@code descriptor}. With a
     * {@code transport} of {@code null}, requests go through {@link JdkHttpTransport} configured
     * from the transport options. The transport options are read and checked here (files, passwords,
     * the client certificate against its key and the clock) even with a {@code transport} of one's own.
     *
     * @throws dev.tokenkit.ProviderConfigurationException for a transport option that cannot work
     */
    public DefaultProviderContext(ProviderDescriptor descriptor, ProviderConfig config, InstantSource clock,
                                  HttpTransport transport) {
        this.descriptor = descriptor;
        this.clock = clock;
        this.transportConfig = TransportConfig.of(config, clock.instant());
        HttpTransport wire = transport != null ? transport : new JdkHttpTransport(descriptor.id(), transportConfig);
        this.logger = System.getLogger("dev.tokenkit.provider." + descriptor.id());
        List<String> values = new ArrayList<>();
        for (String name : config.names()) {
            // a supplied secret is asked at each use, not here; the redactor learns each value it sends
            if (config.isSecret(name) && !config.isSupplied(name)) {
                values.add(config.secret(name).reveal());
            }
        }
        this.redactor = Redactor.of(values);
        // whatever a provider sends goes through here: the redactor learns what carried a secret
        this.http = request -> {
            redactor.recordSent(request);
            return wire.send(request);
        };
    }

    @Override
    public ProviderDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public InstantSource clock() {
        return clock;
    }

    @Override
    public HttpTransport http() {
        return http;
    }

    @Override
    public Optional<X509Certificate> clientCertificate() {
        return transportConfig.clientCertificate();
    }

    /** The transport options as read: what {@code describe}-style output shows of them. */
    public TransportConfig transportConfig() {
        return transportConfig;
    }

    @Override
    public JsonProvider json() {
        return Json.provider();
    }

    @Override
    public System.Logger logger() {
        return logger;
    }

    @Override
    public String redact(String text) {
        return redactor.redact(text);
    }
}
