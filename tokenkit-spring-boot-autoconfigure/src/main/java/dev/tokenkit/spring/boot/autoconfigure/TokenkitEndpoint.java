package dev.tokenkit.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The read-only actuator endpoint {@code tokenkit} ({@code /actuator/tokenkit} once exposed): each
 * source's provider, state, time until its token expires, refreshes and last error type. Read from
 * what the sources reported, never from a fetch; it shows no token and no secret.
 */
@Endpoint(id = "tokenkit")
public final class TokenkitEndpoint {
    private final TokenkitSources sources;

    TokenkitEndpoint(TokenkitSources sources) {
        this.sources = sources;
    }

    /**
     * One source as the endpoint shows it.
     *
     * @param provider         the provider's id
     * @param state            {@code UNKNOWN} before the first fetch ended, {@code UP} while a token
     *                         that has not expired is held, {@code DOWN} when none is and the last
     *                         fetch failed
     * @param expiresInSeconds seconds until the held token expires; {@code null} when none is held
     * @param stale            whether the held token is served after a failed refresh
     * @param refreshes        tokens fetched since start-up
     * @param lastError        the simple class name of the last fetch's error; {@code null} when it succeeded
     */
    public record SourceReport(String provider, String state, Long expiresInSeconds, boolean stale, long refreshes,
                               String lastError) {
    }

    /**
     * Every source, by name.
     *
     * @return the reports
     */
    @ReadOperation
    public Map<String, SourceReport> sources() {
        Map<String, SourceReport> out = new LinkedHashMap<>();
        sources.entries().forEach(e -> {
            SourceState.Snapshot s = e.state().snapshot();
            out.put(e.name(), new SourceReport(e.providerId(), s.status().name(),
                    s.expiresIn() == null ? null : s.expiresIn().toSeconds(), s.stale(), s.refreshes(), s.lastError()));
        });
        return out;
    }
}
