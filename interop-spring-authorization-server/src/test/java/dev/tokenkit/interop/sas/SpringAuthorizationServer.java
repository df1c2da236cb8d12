package dev.tokenkit.interop.sas;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Spring Authorization Server (Spring Boot's starter, embedded Tomcat) on a free loopback
 * port, with the clients a test registers. One per test class: it starts in a few seconds.
 */
final class SpringAuthorizationServer implements AutoCloseable {
    static final String TOKEN_PATH = "/oauth2/token";

    private final ConfigurableApplicationContext context;
    private final TokenEndpointTap tap;
    private final URI issuer;
    private final Duration startup;

    private SpringAuthorizationServer(Builder builder) {
        tap = new TokenEndpointTap(TOKEN_PATH);
        SpringApplication application = new SpringApplication(SasApplication.class);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("server.address", "127.0.0.1");
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.jmx.enabled", "false");
        properties.put("logging.level.root", "WARN");
        properties.put("logging.level." + SpringAuthorizationServer.class.getName(), "INFO");
        properties.putAll(builder.properties);
        application.setDefaultProperties(properties);
        InMemoryRegisteredClientRepository clients = new InMemoryRegisteredClientRepository(builder.clients);
        FilterRegistrationBean<TokenEndpointTap> tapRegistration = new FilterRegistrationBean<>(tap);
        tapRegistration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        application.addInitializers(c -> {
            c.getBeanFactory().registerSingleton("registeredClientRepository", clients);
            c.getBeanFactory().registerSingleton("tokenEndpointTap", tapRegistration);
        });
        long start = System.nanoTime();
        context = application.run();
        startup = Duration.ofNanos(System.nanoTime() - start);
        System.getLogger(SpringAuthorizationServer.class.getName()).log(System.Logger.Level.INFO,
                "Spring Authorization Server started in {0} ms", startup.toMillis());
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        issuer = URI.create((builder.https ? "https" : "http") + "://127.0.0.1:" + port);
    }

    static Builder builder() {
        return new Builder();
    }

    /** The issuer: the server resolves it from each request, so it is the address the test calls. */
    URI issuer() {
        return issuer;
    }

    URI tokenEndpoint() {
        return issuer.resolve(TOKEN_PATH);
    }

    /** What the server's token endpoint received. */
    TokenEndpointTap tap() {
        return tap;
    }

    /** How long {@code SpringApplication.run} took, from nothing to a listening server. */
    Duration startup() {
        return startup;
    }

    @Override
    public void close() {
        context.close();
    }

    static final class Builder {
        private final List<RegisteredClient> clients = new ArrayList<>();
        private final Map<String, Object> properties = new LinkedHashMap<>();
        private boolean https;

        Builder client(RegisteredClient client) {
            clients.add(client);
            return this;
        }

        /**
         * HTTPS with the given PKCS#12 key store, client certificates requested (not required)
         * and checked against the given PKCS#12 trust store.
         */
        Builder https(Path keyStore, Path trustStore, String password) {
            https = true;
            properties.put("server.ssl.enabled", "true");
            properties.put("server.ssl.key-store", keyStore.toUri().toString());
            properties.put("server.ssl.key-store-type", "PKCS12");
            properties.put("server.ssl.key-store-password", password);
            properties.put("server.ssl.trust-store", trustStore.toUri().toString());
            properties.put("server.ssl.trust-store-type", "PKCS12");
            properties.put("server.ssl.trust-store-password", password);
            properties.put("server.ssl.client-auth", "want");
            return this;
        }

        SpringAuthorizationServer start() {
            return new SpringAuthorizationServer(this);
        }
    }
}
