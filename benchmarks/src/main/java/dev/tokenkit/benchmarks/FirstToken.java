package dev.tokenkit.benchmarks;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenSource;
import dev.tokenkit.emulators.SymblEmulator;

import java.net.http.HttpClient;
import java.security.NoSuchAlgorithmException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The process that {@link StartupBench} times: starts the Symbl emulator, loads the registry,
 * gets one token through a managed source, prints how long {@code main} and each step took, and
 * exits. With
 * the argument {@code --noop} it returns at once (the JVM's own start and stop, for reference);
 * with {@code --tls-context} it only sets up the JDK's default TLS context (what an
 * {@code HttpClient} built without a context of its own does when it is created);
 * with {@code --jdk-http-client} it only creates a JDK {@link HttpClient} (which initialises the
 * default TLS context), the part of the start-up that belongs to the JDK.
 */
public final class FirstToken {
    private FirstToken() {
    }

    /**
     * Gets the first token.
     *
     * @param args {@code --noop} to do nothing
     */
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        if (args.length > 0 && args[0].equals("--noop")) {
            System.out.println("main-ms=0 emulator-ms=0 load-ms=0 source-ms=0 token-ms=0");
            return;
        }
        if (args.length > 0 && args[0].equals("--tls-context")) {
            // reference: what setting up the JDK's default TLS context costs in a fresh JVM
            SSLParameters parameters = defaultTlsParameters();
            long t1 = System.nanoTime();
            System.out.printf("main-ms=%s emulator-ms=0 load-ms=0 source-ms=%s token-ms=0%n", Stats.ms(t1 - t0),
                    Stats.ms(t1 - t0));
            if (parameters.getProtocols().length == 0) {
                throw new IllegalStateException("no TLS protocol enabled");
            }
            return;
        }
        if (args.length > 0 && args[0].equals("--jdk-http-client")) {
            // reference: what the JDK's own HTTP client costs to create in a fresh JVM
            HttpClient client = HttpClient.newHttpClient();
            long t1 = System.nanoTime();
            System.out.printf("main-ms=%s emulator-ms=0 load-ms=0 source-ms=%s token-ms=0%n", Stats.ms(t1 - t0),
                    Stats.ms(t1 - t0));
            if (client.version() == null) {
                throw new IllegalStateException();
            }
            return;
        }
        try (SymblEmulator emulator = SymblEmulator.start()) {
            long t1 = System.nanoTime();
            ProviderConfig config = ProviderConfig.builder()
                    .put("app-id", SymblEmulator.DEMO_APP_ID)
                    .putSecret("app-secret", SymblEmulator.DEMO_APP_SECRET)
                    .put("base-url", emulator.baseUri().toString())
                    .build();
            TokenProviders registry = TokenProviders.load();
            long t2 = System.nanoTime();
            try (TokenSource symbl = registry.source("symbl", config)) {
                long t3 = System.nanoTime();
                AccessToken token = symbl.token();
                long t4 = System.nanoTime();
                if (token.value().isEmpty()) {
                    throw new IllegalStateException("empty token");
                }
                System.out.printf("main-ms=%s emulator-ms=%s load-ms=%s source-ms=%s token-ms=%s%n", Stats.ms(t4 - t0),
                        Stats.ms(t1 - t0), Stats.ms(t2 - t1), Stats.ms(t3 - t2), Stats.ms(t4 - t3));
            }
        }
    }

    private static SSLParameters defaultTlsParameters() {
        try {
            return SSLContext.getDefault().getDefaultSSLParameters();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }
}
