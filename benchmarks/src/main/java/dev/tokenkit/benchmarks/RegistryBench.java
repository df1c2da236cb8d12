package dev.tokenkit.benchmarks;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * The registry: discovering the providers with {@link java.util.ServiceLoader}, and creating a
 * managed source by id (configuration validated, provider created, source built and closed).
 * No request is made: a source fetches on first use only. In a warmed-up JVM; the cost of the
 * first call in a fresh JVM is what {@link StartupBench} measures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RegistryBench {
    private ProviderConfig config;
    private TokenProviders registry;

    /** Creates the benchmark state (JMH calls it). */
    public RegistryBench() {
    }

    /** Builds the configuration and a registry for {@link #source()}. */
    @Setup
    public void setUp() {
        config = ProviderConfig.builder()
                .put("app-id", "bench-app")
                .putSecret("app-secret", "bench-secret")
                .put("base-url", "http://127.0.0.1:9")
                .build();
        registry = TokenProviders.load();
        if (!registry.ids().contains("symbl")) {
            throw new IllegalStateException("provider 'symbl' not found; ids: " + registry.ids());
        }
    }

    /**
     * {@code TokenProviders.load()}: service discovery and one descriptor per factory.
     *
     * @return the registry
     */
    @Benchmark
    public TokenProviders load() {
        return TokenProviders.load();
    }

    /**
     * {@code source("symbl", config)} on a loaded registry, then {@code close()}.
     *
     * @return the provider id (consumed)
     */
    @Benchmark
    public String source() {
        try (TokenSource s = registry.source("symbl", config)) {
            return s.providerId();
        }
    }

    /**
     * {@code TokenProviders.load().source("symbl", config)}, then {@code close()}.
     *
     * @return the provider id (consumed)
     */
    @Benchmark
    public String loadAndSource() {
        try (TokenSource s = TokenProviders.load().source("symbl", config)) {
            return s.providerId();
        }
    }
}
