package dev.tokenkit;

import dev.tokenkit.spi.CredentialKeyed;
import dev.tokenkit.spi.TokenKey;
import dev.tokenkit.internal.DefaultProviderContext;
import dev.tokenkit.internal.util.Names;
import dev.tokenkit.spi.HttpTransport;
import dev.tokenkit.spi.TokenProviderFactory;

import java.net.URL;
import java.security.CodeSource;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The provider registry: finds {@link TokenProviderFactory} implementations with
 * {@link ServiceLoader} (class path and module path) and creates providers and token sources by
 * id.
 *
 * <pre>{@code
 * TokenSource symbl = TokenProviders.load().source("symbl", ProviderConfig.builder()
 *         .put("app-id", appId)
 *         .putSecret("app-secret", appSecret)
 *         .build());
 * }</pre>
 *
 * <p>Discovery is never silent: an unknown id quotes the id and lists the ids found; two
 * factories with one id are an error naming both classes (never "first one wins"); a factory
 * that fails to load is logged, kept in {@link #loadFailures()}, and attached as a suppressed
 * exception to the error for an unknown id, while the other factories still load.
 *
 * <p>Instances are immutable and thread-safe; load once and keep the registry.
 */
public final class TokenProviders {
    private static final System.Logger LOG = System.getLogger(TokenProviders.class.getName());
    /** First-party providers, so that a missing jar can be named. */
    private static final Map<String, String> FIRST_PARTY = Map.of(
            "symbl", "dev.tokenkit:provider-symbl",
            "singleview", "dev.tokenkit:provider-singleview",
            "oauth2", "dev.tokenkit:provider-oauth2");

    private final Map<String, Registration> registrations;
    private final List<Throwable> failures;
    private final InstantSource clock;
    private final HttpTransport transport;

    private TokenProviders(Map<String, Registration> registrations, List<Throwable> failures, InstantSource clock,
                           HttpTransport transport) {
        this.registrations = registrations;
        this.failures = failures;
        this.clock = clock;
        this.transport = transport;
    }

    /**
     * Loads the providers visible to the current thread's context class loader (or, when it has
     * none, this class's loader), including those on the module path.
     *
     * @return the registry
     */
    public static TokenProviders load() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return load(cl != null ? cl : TokenProviders.class.getClassLoader());
    }

    /**
     * Loads the providers visible to a class loader.
     *
     * @param classLoader the loader
     * @return the registry
     */
    public static TokenProviders load(ClassLoader classLoader) {
        return fromLoader(ServiceLoader.load(TokenProviderFactory.class, classLoader));
    }

    /**
     * Loads the providers of a module layer and its parents.
     *
     * @param layer the layer
     * @return the registry
     */
    public static TokenProviders load(ModuleLayer layer) {
        return fromLoader(ServiceLoader.load(layer, TokenProviderFactory.class));
    }

    /**
     * A registry of the given factories, without {@link ServiceLoader} (for explicit wiring and
     * tests). The same rules apply: invalid ids are load failures, duplicate ids conflict.
     *
     * @param factories the factories
     * @return the registry
     */
    public static TokenProviders of(Collection<? extends TokenProviderFactory> factories) {
        Builder b = new Builder();
        factories.forEach(f -> b.add(Objects.requireNonNull(f, "factory")));
        return b.build();
    }

    /**
     * A registry of the given factories; see {@link #of(Collection)}.
     *
     * @param factories the factories
     * @return the registry
     */
    public static TokenProviders of(TokenProviderFactory... factories) {
        return of(List.of(factories));
    }

    private static TokenProviders fromLoader(ServiceLoader<TokenProviderFactory> loader) {
        Builder b = new Builder();
        Iterator<TokenProviderFactory> it = loader.iterator();
        int errors = 0;
        while (errors < 1000) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                b.add(it.next());
            } catch (ServiceConfigurationError e) {
                errors++;
                b.fail(e);
            }
        }
        return b.build();
    }

    /**
     * A registry that gives its providers this clock (timestamps, expiry) instead of the system
     * clock; for tests on virtual time.
     *
     * @param newClock the clock
     * @return a registry with the same providers
     */
    public TokenProviders withClock(InstantSource newClock) {
        return new TokenProviders(registrations, failures, Objects.requireNonNull(newClock, "clock"), transport);
    }

    /**
     * A registry whose providers send their token requests through this transport instead of
     * tokenkit's {@code java.net.http} one: to answer in memory (fuzzing a provider's parsing, where
     * a real round trip per input is far too slow), or to route through an HTTP client of your own.
     * The transport then answers for redirects, timeouts and size limits; the https-only check of
     * URI options still applies when the configuration is validated.
     *
     * <pre>{@code
     * TokenProvider p = TokenProviders.load().withTransport(
     *         request -> new TokenResponse(request.uri(), 200, Map.of(), body)).provider("acme", config);
     * }</pre>
     *
     * @param newTransport sends each request and returns the whole answer
     * @return a registry with the same providers
     */
    public TokenProviders withTransport(HttpTransport newTransport) {
        return new TokenProviders(registrations, failures, clock, Objects.requireNonNull(newTransport, "transport"));
    }

    /**
     * The ids of the loaded providers, sorted.
     *
     * @return the ids
     */
    public SortedSet<String> ids() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(registrations.keySet()));
    }

    /**
     * Describes a provider.
     *
     * @param id the provider id
     * @return its descriptor
     * @throws ProviderConfigurationException for an unknown or conflicting id
     */
    public ProviderDescriptor describe(String id) {
        return registration(id).descriptor;
    }

    /**
     * Where a provider was loaded from: {@code module <name> (<location>)} for a named module,
     * {@code class path (<location>)} for the class path, the location being the jar or directory
     * its factory class came from. A factory in the unnamed module of a class loader that has a
     * {@linkplain ClassLoader#getName() name}, other than the system class loader, is reported by
     * that name instead of "class path": the {@code tokenkit} command line names the loader of its
     * {@code --provider-path} jars {@code provider-path}, and shows
     * {@code provider-path (file:/opt/acme/acme-provider.jar)}.
     *
     * @param id the provider id
     * @return a human-readable origin
     * @throws ProviderConfigurationException for an unknown or conflicting id
     */
    public String origin(String id) {
        return origin(registration(id).factory);
    }

    /**
     * The errors of factories that could not be loaded (they are also logged).
     *
     * @return the failures, possibly empty
     */
    public List<Throwable> loadFailures() {
        return failures;
    }

    /**
     * Creates a raw provider: one token request per {@link TokenProvider#fetch()}, no caching,
     * no retry. Most applications want {@link #source(String, ProviderConfig)}.
     *
     * @param id     the provider id
     * @param config the configuration; validated against the provider's options
     * @return the provider
     * @throws ProviderConfigurationException for an unknown id or an invalid configuration
     */
    public TokenProvider provider(String id, ProviderConfig config) {
        return create(id, config).provider();
    }

    /**
     * Creates a managed token source with the default {@link ExpiryPolicy} and
     * {@link RetryPolicy}, on this registry's clock and tokenkit's shared threads. Use
     * {@link #sourceBuilder(String, ProviderConfig)} for custom policies or a shared store.
     *
     * @param id     the provider id
     * @param config the configuration; validated against the provider's options
     * @return the token source; close it when done
     * @throws ProviderConfigurationException for an unknown id or an invalid configuration
     */
    public TokenSource source(String id, ProviderConfig config) {
        return sourceBuilder(id, config).build();
    }

    /**
     * Starts a managed token source, set up as {@link #source(String, ProviderConfig)} sets it
     * up: this registry's clock, the provider's request timeout (from which the fetch deadline
     * follows) and the {@link TokenKey} of the configuration (or the one a
     * {@link CredentialKeyed} provider names from its credential), which a shared
     * {@link dev.tokenkit.spi.TokenStore} uses:
     * <pre>{@code
     * TokenSource source = providers.sourceBuilder("symbl", config)
     *         .store(redisStore)   // every replica configured alike shares one token
     *         .build();
     * }</pre>
     *
     * @param id     the provider id
     * @param config the configuration; validated against the provider's options
     * @return a builder with the configuration's key set
     * @throws ProviderConfigurationException for an unknown id or an invalid configuration
     */
    public TokenSource.Builder sourceBuilder(String id, ProviderConfig config) {
        Created c = create(id, config);
        return TokenSource.builder(c.provider()).clock(clock)
                .requestTimeout(c.config().duration(ProviderDescriptor.REQUEST_TIMEOUT.name()))
                .key(c.provider() instanceof CredentialKeyed keyed ? keyed.tokenKey(c.config())
                        : TokenKey.of(id, c.config()));
    }

    /** A provider and the validated configuration it was made from. */
    private record Created(TokenProvider provider, ProviderConfig config) {
    }

    private Created create(String id, ProviderConfig config) {
        Registration r = registration(id);
        ProviderConfig validated = config.validate(r.descriptor);
        DefaultProviderContext context;
        try {
            context = new DefaultProviderContext(r.descriptor, validated, clock, transport);
        } catch (ProviderConfigurationException e) {
            throw named(id, e);
        }
        TokenProvider provider;
        try {
            provider = r.factory.create(validated, context);
        } catch (ProviderConfigurationException e) {
            throw named(id, e);
        } catch (TokenException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProviderConfigurationException(id, "provider factory " + r.factory.getClass().getName()
                    + " could not create the provider: " + context.redact(String.valueOf(e.getMessage())));
        }
        if (provider == null) {
            throw new ProviderConfigurationException(id, "provider factory " + r.factory.getClass().getName()
                    + " returned null from create(); it must return a provider or throw");
        }
        return new Created(provider, validated);
    }

    /** Key-file readers and other shared checks do not know the provider: the error names it here. */
    private static ProviderConfigurationException named(String id, ProviderConfigurationException e) {
        return e.providerId().isPresent() ? e : new ProviderConfigurationException(id, e.getMessage(), e);
    }

    private Registration registration(String id) {
        Registration r = registrations.get(id);
        if (r == null) {
            throw unknown(id);
        }
        if (!r.conflicts.isEmpty()) {
            List<String> names = new ArrayList<>();
            names.add(r.factory.getClass().getName() + " (" + origin(r.factory) + ")");
            r.conflicts.forEach(c -> names.add(c.getClass().getName() + " (" + origin(c) + ")"));
            throw new ProviderConfigurationException(id, "several provider factories claim id '" + id + "': "
                    + String.join(" and ", names) + "; remove all but one from the class path or module path");
        }
        return r;
    }

    private ProviderConfigurationException unknown(String id) {
        StringBuilder m = new StringBuilder("unknown token provider '").append(id).append("'");
        String artifact = FIRST_PARTY.get(id);
        if (registrations.isEmpty()) {
            m.append(": no providers found; add a provider module such as ")
                    .append(artifact != null ? artifact.substring(artifact.indexOf(':') + 1) + " (" + artifact + ")"
                            : "provider-symbl (dev.tokenkit:provider-symbl)")
                    .append(" to the class path or module path");
        } else {
            if (artifact != null) {
                m.append(": add ").append(artifact).append(" to the class path or module path");
            } else {
                Names.nearest(id, registrations.keySet()).ifPresent(n -> m.append("; did you mean '").append(n).append("'?"));
            }
            m.append(" (providers found: ").append(String.join(", ", ids())).append(")");
        }
        if (!failures.isEmpty()) {
            m.append("; ").append(failures.size()).append(" provider factor").append(failures.size() == 1 ? "y" : "ies")
                    .append(" failed to load (see the suppressed exceptions)");
        }
        ProviderConfigurationException e = new ProviderConfigurationException(null, m.toString());
        failures.forEach(e::addSuppressed);
        return e;
    }

    private static String origin(TokenProviderFactory factory) {
        Class<?> type = factory.getClass();
        String where = "unknown location";
        CodeSource cs = type.getProtectionDomain().getCodeSource();
        if (cs != null) {
            URL url = cs.getLocation();
            if (url != null) {
                where = url.toString();
            }
        }
        Module module = type.getModule();
        if (module.isNamed()) {
            return "module " + module.getName() + " (" + where + ")";
        }
        ClassLoader loader = type.getClassLoader();
        boolean classPath = loader == null || loader == ClassLoader.getSystemClassLoader() || loader.getName() == null;
        return (classPath ? "class path" : loader.getName()) + " (" + where + ")";
    }

    @Override
    public String toString() {
        return "TokenProviders" + ids() + (failures.isEmpty() ? "" : ", " + failures.size() + " failed to load");
    }

    private static final class Registration {
        final TokenProviderFactory factory;
        final ProviderDescriptor descriptor;
        final List<TokenProviderFactory> conflicts = new ArrayList<>();

        Registration(TokenProviderFactory factory, ProviderDescriptor descriptor) {
            this.factory = factory;
            this.descriptor = descriptor;
        }
    }

    private static final class Builder {
        private final Map<String, Registration> registrations = new TreeMap<>();
        private final List<Throwable> failures = new ArrayList<>();

        void add(TokenProviderFactory factory) {
            String type = factory.getClass().getName();
            ProviderDescriptor descriptor;
            try {
                descriptor = factory.descriptor();
            } catch (RuntimeException e) {
                // a descriptor holds no secret: its builder's message says what is wrong with it
                fail(new ServiceConfigurationError("provider factory " + type + " failed to describe itself: "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e));
                return;
            }
            if (descriptor == null) {
                fail(new ServiceConfigurationError("provider factory " + type + " returned no descriptor; descriptor()"
                        + " must return ProviderDescriptor.builder(id)...build()"));
                return;
            }
            String id = descriptor.id();
            Registration existing = registrations.get(id);
            if (existing != null) {
                existing.conflicts.add(factory);
                LOG.log(System.Logger.Level.WARNING, "provider factories {0} and {1} both claim id ''{2}''; that id"
                        + " cannot be used until one is removed", existing.factory.getClass().getName(), type, id);
                return;
            }
            registrations.put(id, new Registration(factory, descriptor));
        }

        void fail(Throwable error) {
            failures.add(error);
            LOG.log(System.Logger.Level.WARNING, "a token provider factory could not be loaded: " + error.getMessage(), error);
        }

        TokenProviders build() {
            return new TokenProviders(Collections.unmodifiableMap(new LinkedHashMap<>(registrations)),
                    List.copyOf(failures), InstantSource.system(), null);
        }
    }
}
