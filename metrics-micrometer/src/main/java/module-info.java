/**
 * tokenkit's Micrometer meters: {@link dev.tokenkit.metrics.micrometer.TokenSourceMetrics}, a
 * {@code MeterBinder} built on a token source's listener events.
 *
 * <p>Micrometer 1.x ships no module descriptor; its jar is the automatic module
 * {@code micrometer.core}.
 */
module dev.tokenkit.metrics.micrometer {
    requires transitive dev.tokenkit;
    // MeterBinder and MeterRegistry are in the API
    requires transitive micrometer.core;

    exports dev.tokenkit.metrics.micrometer;
}
