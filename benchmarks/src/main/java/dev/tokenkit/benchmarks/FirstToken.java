package dev.tokenkit.benchmarks;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.server.SymblEmulator;

/**
 * The process that {@link StartupBench} times: starts the Symbl emulator, loads the registry,
 * gets one token through a managed source, prints how long {@code main} took and exits. With
 * the argument {@code --noop} it returns at once (the JVM's own start and stop, for reference).
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
            System.out.println("main-ms=0 registry-to-token-ms=0");
            return;
        }
        try (SymblEmulator emulator = SymblEmulator.start()) {
            long t1 = System.nanoTime();
            ProviderConfig config = ProviderConfig.builder()
                    .put("app-id", SymblEmulator.DEMO_APP_ID)
                    .putSecret("app-secret", SymblEmulator.DEMO_APP_SECRET)
                    .put("base-url", emulator.baseUri().toString())
                    .build();
            try (TokenSource symbl = TokenProviders.load().source("symbl", config)) {
                AccessToken token = symbl.token();
                long t2 = System.nanoTime();
                if (token.value().isEmpty()) {
                    throw new IllegalStateException("empty token");
                }
                System.out.printf("main-ms=%s registry-to-token-ms=%s%n", Stats.ms(t2 - t0), Stats.ms(t2 - t1));
            }
        }
    }
}
