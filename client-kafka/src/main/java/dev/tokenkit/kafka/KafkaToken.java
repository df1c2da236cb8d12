package dev.tokenkit.kafka;

import dev.tokenkit.AccessToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;

import java.util.Set;

/**
 * A tokenkit token as Kafka's login holds it: the value, the lifetime Kafka's refresh thread
 * schedules the next login by, the scope and the principal. {@link #toString()} shows the
 * token's fingerprint, never its value (Kafka logs its credentials' {@code toString()}).
 */
final class KafkaToken implements OAuthBearerToken {
    private final AccessToken token;
    private final long lifetimeMs;
    private final String principal;
    private final Set<String> scope;

    /**
     * A token for Kafka.
     *
     * @param token     the token; a source's tokens always carry an expiry
     * @param principal the name of the principal
     * @param scope     the scope
     */
    KafkaToken(AccessToken token, String principal, Set<String> scope) {
        this.token = token;
        this.lifetimeMs = token.expiresAt()
                .orElseThrow(() -> new IllegalArgumentException("a token for Kafka needs an expiry: " + token))
                .toEpochMilli();
        this.principal = principal;
        this.scope = Set.copyOf(scope);
    }

    @Override
    public String value() {
        return token.value();
    }

    @Override
    public Set<String> scope() {
        return scope;
    }

    @Override
    public long lifetimeMs() {
        return lifetimeMs;
    }

    @Override
    public String principalName() {
        return principal;
    }

    @Override
    public Long startTimeMs() {
        return token.issuedAt().toEpochMilli();
    }

    @Override
    public String toString() {
        return "KafkaToken[" + token.fingerprint() + ", principal " + principal + ", scope " + scope
                + ", expires " + token.expiresAt().orElseThrow() + "]";
    }
}
