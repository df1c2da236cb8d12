package dev.tokenkit.store.redis;

import dev.tokenkit.TokenProviders;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module descriptor, written by hand, is enough on the module path: {@code dev.tokenkit.store.redis}
 * resolves in a layer of its own from its jar and its dependencies' jars (Jedis's explicit modules
 * included only if something requires them), and a store made there talks to a real Redis.
 */
class ModulePathTest {
    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.perClass();

    @Test
    @DisplayName("the module resolves from its descriptor and its store works in a module layer")
    void resolvesAndWorks() throws Exception {
        ClassLoader here = ModulePathTest.class.getClassLoader();
        Set<Path> paths = new LinkedHashSet<>();
        for (String type : new String[] {RedisTokenStore.class.getName(), TokenProviders.class.getName(),
                "jakarta.json.JsonObject", "org.eclipse.parsson.JsonProviderImpl", "io.github.resilience4j.retry.Retry",
                "io.github.resilience4j.core.IntervalFunction", "redis.clients.jedis.RedisClient",
                "org.apache.commons.pool2.impl.GenericObjectPool", "org.slf4j.LoggerFactory", "com.google.gson.Gson",
                "org.json.JSONObject", "redis.clients.authentication.core.TokenListener"}) {
            paths.add(Path.of(Class.forName(type, false, here).getProtectionDomain().getCodeSource().getLocation().toURI()));
        }
        ModuleLayer boot = ModuleLayer.boot();
        Configuration cf = boot.configuration().resolve(ModuleFinder.of(paths.toArray(Path[]::new)), ModuleFinder.of(),
                Set.of("dev.tokenkit.store.redis"));
        ModuleLayer layer = boot.defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        ClassLoader loader = layer.findLoader("dev.tokenkit.store.redis");
        assertThat(layer.findModule("dev.tokenkit.store.redis").orElseThrow().getDescriptor().exports())
                .extracting(e -> e.source()).containsExactly("dev.tokenkit.store.redis");

        Class<?> storeType = loader.loadClass(RedisTokenStore.class.getName());
        Class<?> secretType = loader.loadClass("dev.tokenkit.Secret");
        Class<?> keyType = loader.loadClass("dev.tokenkit.spi.TokenKey");
        Object secret = secretType.getMethod("of", String.class).invoke(null, "s");
        Object key = keyType.getMethod("of", String.class, String.class, secretType).invoke(null, "fleet", "module-path", secret);
        try (AutoCloseable store = (AutoCloseable) storeType.getMethod("create", URI.class).invoke(null, redis.uri())) {
            Object read = storeType.getMethod("read", keyType).invoke(store, key);
            assertThat(read).isEqualTo(Optional.empty());
            Object lease = storeType.getMethod("tryLease", keyType, java.time.Duration.class)
                    .invoke(store, key, java.time.Duration.ofSeconds(5));
            assertThat((Optional<?>) lease).isPresent();
        }
    }
}
