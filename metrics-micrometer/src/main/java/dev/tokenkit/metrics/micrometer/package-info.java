/**
 * {@link dev.tokenkit.metrics.micrometer.TokenSourceMetrics}: Micrometer meters for a
 * {@link dev.tokenkit.TokenSource}.
 */
package dev.tokenkit.metrics.micrometer;
