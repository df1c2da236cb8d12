package dev.tokenkit.spring.boot.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code tokenkit.*} properties: token sources by name, and the fleet's token store.
 *
 * <pre>
 * tokenkit:
 *   sources:
 *     symbl:
 *       provider: symbl
 *       options:
 *         app-id: my-app
 *         app-secret: ${SYMBL_APP_SECRET}
 * </pre>
 *
 * <p>See {@code docs/spring-boot.md} for every property.
 */
@ConfigurationProperties(prefix = TokenkitProperties.PREFIX)
public class TokenkitProperties {
    /** The prefix of every property. */
    public static final String PREFIX = "tokenkit";

    /** Token sources by name; each becomes a TokenSource bean qualified by that name. */
    private Map<String, Source> sources = new LinkedHashMap<>();

    /** The token store that sources share. */
    private final Store store = new Store();

    /** Creates empty properties. */
    public TokenkitProperties() {
    }

    /**
     * The sources by name.
     *
     * @return the sources
     */
    public Map<String, Source> getSources() {
        return sources;
    }

    /**
     * Sets the sources by name.
     *
     * @param sources the sources
     */
    public void setSources(Map<String, Source> sources) {
        this.sources = sources;
    }

    /**
     * The shared token store.
     *
     * @return the store settings
     */
    public Store getStore() {
        return store;
    }

    /** One token source: its provider, the provider's options and the source's knobs. */
    public static class Source {
        /** The provider's id, e.g. symbl, singleview or oauth2. */
        private String provider;

        /** The provider's options by their names (see the provider's option table). */
        private Map<String, String> options = new LinkedHashMap<>();

        /** Deadline of one fetch, all its requests and retries included (default 40 s). */
        private Duration fetchDeadline;

        /** How long a caller of token() waits for a fetch (default the fetch deadline plus 1 s). */
        private Duration maxWait;

        /** Refreshes ahead made in a row while nobody reads the token (default 0). */
        private Integer maxIdleRefreshes;

        /** Whether the source keeps its token in the shared store (tokenkit.store.redis) when one is configured. */
        private boolean store = true;

        /** Whether the source fetches its first token in the background at start-up instead of on first use. */
        private boolean warmUp;

        /** HTTP service groups whose clients carry this source's token. */
        private List<String> httpServiceGroups = new ArrayList<>();

        /** When tokens are refreshed and how expiry is judged. */
        private final Expiry expiry = new Expiry();

        /** How failed token requests are retried. */
        private final Retry retry = new Retry();

        /** Creates empty source settings. */
        public Source() {
        }

        /**
         * The provider's id.
         *
         * @return the id, {@code null} when not set
         */
        public String getProvider() {
            return provider;
        }

        /**
         * Sets the provider's id.
         *
         * @param provider the id
         */
        public void setProvider(String provider) {
            this.provider = provider;
        }

        /**
         * The provider's options as bound (names in whatever form the property source wrote them).
         *
         * @return the options
         */
        public Map<String, String> getOptions() {
            return options;
        }

        /**
         * Sets the provider's options.
         *
         * @param options the options
         */
        public void setOptions(Map<String, String> options) {
            this.options = options;
        }

        /**
         * The fetch deadline.
         *
         * @return the deadline, {@code null} for the default
         */
        public Duration getFetchDeadline() {
            return fetchDeadline;
        }

        /**
         * Sets the fetch deadline.
         *
         * @param fetchDeadline the deadline
         */
        public void setFetchDeadline(Duration fetchDeadline) {
            this.fetchDeadline = fetchDeadline;
        }

        /**
         * The longest wait of a caller.
         *
         * @return the wait, {@code null} for the default
         */
        public Duration getMaxWait() {
            return maxWait;
        }

        /**
         * Sets the longest wait of a caller.
         *
         * @param maxWait the wait
         */
        public void setMaxWait(Duration maxWait) {
            this.maxWait = maxWait;
        }

        /**
         * The idle rule.
         *
         * @return refreshes ahead while unread, {@code null} for the default
         */
        public Integer getMaxIdleRefreshes() {
            return maxIdleRefreshes;
        }

        /**
         * Sets the idle rule.
         *
         * @param maxIdleRefreshes refreshes ahead while unread
         */
        public void setMaxIdleRefreshes(Integer maxIdleRefreshes) {
            this.maxIdleRefreshes = maxIdleRefreshes;
        }

        /**
         * Whether the shared store is used.
         *
         * @return {@code true} by default
         */
        public boolean isStore() {
            return store;
        }

        /**
         * Sets whether the shared store is used.
         *
         * @param store whether to use it
         */
        public void setStore(boolean store) {
            this.store = store;
        }

        /**
         * Whether the first token is fetched at start-up, in the background.
         *
         * @return {@code false} by default
         */
        public boolean isWarmUp() {
            return warmUp;
        }

        /**
         * Sets whether the first token is fetched at start-up, in the background.
         *
         * @param warmUp whether to warm up
         */
        public void setWarmUp(boolean warmUp) {
            this.warmUp = warmUp;
        }

        /**
         * The HTTP service groups that carry this source's token.
         *
         * @return the group names
         */
        public List<String> getHttpServiceGroups() {
            return httpServiceGroups;
        }

        /**
         * Sets the HTTP service groups that carry this source's token.
         *
         * @param httpServiceGroups the group names
         */
        public void setHttpServiceGroups(List<String> httpServiceGroups) {
            this.httpServiceGroups = httpServiceGroups;
        }

        /**
         * The expiry knobs.
         *
         * @return the knobs
         */
        public Expiry getExpiry() {
            return expiry;
        }

        /**
         * The retry knobs.
         *
         * @return the knobs
         */
        public Retry getRetry() {
            return retry;
        }
    }

    /** Expiry knobs of a source; each unset one keeps tokenkit's default. */
    public static class Expiry {
        /** Fraction of a token's lifetime after which it is refreshed ahead (default 0.8). */
        private Double refreshAt;

        /** Safety margin subtracted from a token's expiry (default 30 s). */
        private Duration clockSkew;

        /** Lifetime assumed for a token that states none (default 5 min). */
        private Duration defaultLifetime;

        /** Shortest interval between two background refreshes (default 10 s). */
        private Duration minRefreshInterval;

        /** Creates unset knobs. */
        public Expiry() {
        }

        /**
         * The refresh point as a fraction of the lifetime.
         *
         * @return the fraction, {@code null} for the default
         */
        public Double getRefreshAt() {
            return refreshAt;
        }

        /**
         * Sets the refresh point.
         *
         * @param refreshAt the fraction
         */
        public void setRefreshAt(Double refreshAt) {
            this.refreshAt = refreshAt;
        }

        /**
         * The clock skew margin.
         *
         * @return the margin, {@code null} for the default
         */
        public Duration getClockSkew() {
            return clockSkew;
        }

        /**
         * Sets the clock skew margin.
         *
         * @param clockSkew the margin
         */
        public void setClockSkew(Duration clockSkew) {
            this.clockSkew = clockSkew;
        }

        /**
         * The lifetime of a token that states none.
         *
         * @return the lifetime, {@code null} for the default
         */
        public Duration getDefaultLifetime() {
            return defaultLifetime;
        }

        /**
         * Sets the lifetime of a token that states none.
         *
         * @param defaultLifetime the lifetime
         */
        public void setDefaultLifetime(Duration defaultLifetime) {
            this.defaultLifetime = defaultLifetime;
        }

        /**
         * The shortest interval between background refreshes.
         *
         * @return the interval, {@code null} for the default
         */
        public Duration getMinRefreshInterval() {
            return minRefreshInterval;
        }

        /**
         * Sets the shortest interval between background refreshes.
         *
         * @param minRefreshInterval the interval
         */
        public void setMinRefreshInterval(Duration minRefreshInterval) {
            this.minRefreshInterval = minRefreshInterval;
        }
    }

    /** Retry knobs of a source; each unset one keeps tokenkit's default. */
    public static class Retry {
        /** Token requests per fetch, the first included (default 4). */
        private Integer maxAttempts;

        /** Longest total time of one fetch's retries (default 30 s). */
        private Duration maxTotalTime;

        /** Longest Retry-After wait honoured (default 30 s). */
        private Duration maxRetryAfter;

        /** Creates unset knobs. */
        public Retry() {
        }

        /**
         * Token requests per fetch.
         *
         * @return the attempts, {@code null} for the default
         */
        public Integer getMaxAttempts() {
            return maxAttempts;
        }

        /**
         * Sets the token requests per fetch.
         *
         * @param maxAttempts the attempts
         */
        public void setMaxAttempts(Integer maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        /**
         * Total time of one fetch's retries.
         *
         * @return the time, {@code null} for the default
         */
        public Duration getMaxTotalTime() {
            return maxTotalTime;
        }

        /**
         * Sets the total time of one fetch's retries.
         *
         * @param maxTotalTime the time
         */
        public void setMaxTotalTime(Duration maxTotalTime) {
            this.maxTotalTime = maxTotalTime;
        }

        /**
         * The longest Retry-After honoured.
         *
         * @return the wait, {@code null} for the default
         */
        public Duration getMaxRetryAfter() {
            return maxRetryAfter;
        }

        /**
         * Sets the longest Retry-After honoured.
         *
         * @param maxRetryAfter the wait
         */
        public void setMaxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = maxRetryAfter;
        }
    }

    /** The token store the sources share. */
    public static class Store {
        /** A Redis store shared by every replica (needs dev.tokenkit:store-redis). */
        private final Redis redis = new Redis();

        /** Creates empty store settings. */
        public Store() {
        }

        /**
         * The Redis store's settings.
         *
         * @return the settings
         */
        public Redis getRedis() {
            return redis;
        }
    }

    /** The Redis token store (store-redis); unused while {@code uri} is unset. */
    public static class Redis {
        /** redis:// or rediss:// URI of the server; setting it turns the store on. */
        private URI uri;

        /** User name for Redis ACL authentication. */
        private String user;

        /** Password for Redis authentication. */
        private String password;

        /** Prefix of every key the store writes. */
        private String keyPrefix;

        /** Connect timeout. */
        private Duration connectTimeout;

        /** Socket (read) timeout. */
        private Duration socketTimeout;

        /** Largest number of pooled connections. */
        private Integer maxConnections;

        /** Creates unset settings. */
        public Redis() {
        }

        /**
         * The server's URI.
         *
         * @return the URI, {@code null} when the store is off
         */
        public URI getUri() {
            return uri;
        }

        /**
         * Sets the server's URI.
         *
         * @param uri the URI
         */
        public void setUri(URI uri) {
            this.uri = uri;
        }

        /**
         * The ACL user.
         *
         * @return the user, {@code null} when not set
         */
        public String getUser() {
            return user;
        }

        /**
         * Sets the ACL user.
         *
         * @param user the user
         */
        public void setUser(String user) {
            this.user = user;
        }

        /**
         * The password.
         *
         * @return the password, {@code null} when not set
         */
        public String getPassword() {
            return password;
        }

        /**
         * Sets the password.
         *
         * @param password the password
         */
        public void setPassword(String password) {
            this.password = password;
        }

        /**
         * The key prefix.
         *
         * @return the prefix, {@code null} for the default
         */
        public String getKeyPrefix() {
            return keyPrefix;
        }

        /**
         * Sets the key prefix.
         *
         * @param keyPrefix the prefix
         */
        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        /**
         * The connect timeout.
         *
         * @return the timeout, {@code null} for the default
         */
        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        /**
         * Sets the connect timeout.
         *
         * @param connectTimeout the timeout
         */
        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        /**
         * The socket timeout.
         *
         * @return the timeout, {@code null} for the default
         */
        public Duration getSocketTimeout() {
            return socketTimeout;
        }

        /**
         * Sets the socket timeout.
         *
         * @param socketTimeout the timeout
         */
        public void setSocketTimeout(Duration socketTimeout) {
            this.socketTimeout = socketTimeout;
        }

        /**
         * The largest number of pooled connections.
         *
         * @return the number, {@code null} for the default
         */
        public Integer getMaxConnections() {
            return maxConnections;
        }

        /**
         * Sets the largest number of pooled connections.
         *
         * @param maxConnections the number
         */
        public void setMaxConnections(Integer maxConnections) {
            this.maxConnections = maxConnections;
        }
    }
}
