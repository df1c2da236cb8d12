package dev.tokenkit.testkit;

import dev.tokenkit.TokenProviders;
import dev.tokenkit.spi.TokenProviderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Finding the provider: through {@code ServiceLoader} on the class path and in a module layer.
 * The first check is the only one in the kit that runs when the provider is not registered; every
 * other check is skipped then, so a missing registration is one failure with one message.
 */
abstract class DiscoveryChecks extends KitChecks {
    private static final String SERVICE = TokenProviderFactory.class.getName();

    DiscoveryChecks(TokenProviderContract contract) {
        super(contract);
    }

    @Test
    @DisplayName("is registered through ServiceLoader under its id")
    void registered() {
        TokenProviders providers = TokenProviders.load();
        assertThat(providers.loadFailures()).as("factories that failed to load").isEmpty();
        if (!providers.ids().contains(kit().id())) {
            fail("no TokenProviderFactory with id '" + kit().id() + "' is registered through ServiceLoader (ids found: "
                    + providers.ids() + "); add @AutoService(TokenProviderFactory.class) or a META-INF/services entry"
                    + " (a line naming your factory class in META-INF/services/" + SERVICE + "), and 'provides "
                    + SERVICE + " with ...' in module-info.java. Every other check is skipped until then.");
        }
        assertThat(providers.describe(kit().id()).id()).as("id of the descriptor of '%s'", kit().id()).isEqualTo(kit().id());
    }

    @Test
    @DisplayName("META-INF/services and module-info provides name the same factory")
    void registrationsAgree() throws Exception {
        assumeTrue(contract().isModular(), "the provider is not modular (isModular() returns false)");
        TokenProviderFactory factory = factory();
        Set<String> services = servicesFile(factory.getClass());
        assertThat(services).as("META-INF/services/%s (add @AutoService(TokenProviderFactory.class))", SERVICE)
                .contains(factory.getClass().getName());
        assertThat(provides(factory.getClass())).as("module-info 'provides %s with ...'", SERVICE)
                .containsExactlyInAnyOrderElementsOf(services);
    }

    @Test
    @DisplayName("is found by id on the module path")
    void foundOnModulePath() throws Exception {
        assumeTrue(contract().isModular(), "the provider is not modular (isModular() returns false)");
        Class<?> type = factory().getClass();
        Set<String> ids = idsOnModulePath(type, contract().extraModuleClasses());
        assertThat(ids).as("ids loaded by TokenProviders.load(layer) in a module layer of %s (its module-info.java needs"
                + " 'provides %s with %s')", descriptor(type).name(), SERVICE, type.getName()).contains(kit().id());
    }

    private TokenProviderFactory factory() {
        kit().providers(); // skips the check when the provider is not registered
        for (TokenProviderFactory f : ServiceLoader.load(TokenProviderFactory.class)) {
            if (kit().id().equals(f.descriptor().id())) {
                return f;
            }
        }
        return fail("no TokenProviderFactory with id '" + kit().id() + "' is registered through ServiceLoader");
    }

    private static ModuleDescriptor descriptor(Class<?> type) {
        Path location = location(type);
        Optional<ModuleReference> ref = ModuleFinder.of(location).findAll().stream().findFirst();
        if (ref.isEmpty() || ref.get().descriptor().isAutomatic()) {
            return fail(type.getName() + " is not in a named module (" + location + " has no module-info.class);"
                    + " add module-info.java with 'provides " + SERVICE + " with " + type.getName()
                    + "', or return false from isModular()");
        }
        return ref.get().descriptor();
    }

    private static List<String> provides(Class<?> type) {
        return descriptor(type).provides().stream()
                .filter(p -> p.service().equals(SERVICE))
                .flatMap(p -> p.providers().stream())
                .toList();
    }

    private static Set<String> servicesFile(Class<?> type) throws Exception {
        Path location = location(type);
        String entry = "META-INF/services/" + SERVICE;
        List<String> lines;
        if (Files.isDirectory(location)) {
            Path file = location.resolve(entry);
            lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                JarEntry e = jar.getJarEntry(entry);
                lines = e == null ? List.of()
                        : new String(jar.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (String line : lines) {
            String l = line.replaceAll("#.*", "").trim();
            if (!l.isEmpty()) {
                names.add(l);
            }
        }
        return names;
    }

    /**
     * The ids {@code TokenProviders.load(layer)} finds in a module layer that holds the provider's
     * module. The jars of the provider, core, core's dependencies and {@code extra} are the finder
     * consulted <em>after</em> the boot layer, so a module the boot layer already holds is reused,
     * never defined a second time (which would make a module read two modules of one name):
     * <ul>
     * <li>on the class path, the boot layer holds only the JDK: the new layer defines the provider's
     *     module, core and their dependencies from those jars, which proves that the module's
     *     {@code requires} are met by them and that its {@code provides} is found;</li>
     * <li>on the module path, the boot layer already holds the provider's module (with the tests
     *     patched into it), core and their dependencies: the new layer adds nothing, and the check
     *     proves that the provider is found through the {@code provides} of the module the
     *     application will load (a named module's {@code META-INF/services} is ignored).</li>
     * </ul>
     */
    private static Set<String> idsOnModulePath(Class<?> factoryType, Collection<Class<?>> extra) throws Exception {
        String name = descriptor(factoryType).name();
        Set<Path> paths = new LinkedHashSet<>();
        paths.add(location(factoryType));
        ClassLoader core = TokenProviders.class.getClassLoader();
        for (Class<?> c : List.of(TokenProviders.class, jakarta.json.JsonObject.class,
                jakarta.json.spi.JsonProvider.provider().getClass(),
                // core's own dependencies, which core does not expose to its readers
                Class.forName("io.github.resilience4j.retry.Retry", false, core),
                Class.forName("io.github.resilience4j.core.IntervalFunction", false, core))) {
            paths.add(location(c));
        }
        for (Class<?> c : extra) {
            paths.add(location(c));
        }
        ModuleLayer boot = ModuleLayer.boot();
        Configuration cf;
        try {
            cf = boot.configuration().resolveAndBind(ModuleFinder.of(), ModuleFinder.of(paths.toArray(Path[]::new)),
                    Set.of(name));
        } catch (FindException | ResolutionException e) {
            return fail("module " + name + " does not resolve beside tokenkit's modules (" + e.getMessage() + "); if it"
                    + " requires modules beyond tokenkit's, return one class of each from extraModuleClasses()", e);
        }
        ModuleLayer layer = boot.defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        Class<?> registry = layer.findLoader("dev.tokenkit").loadClass(TokenProviders.class.getName());
        Object loaded = registry.getMethod("load", ModuleLayer.class).invoke(null, layer);
        Set<String> ids = new LinkedHashSet<>();
        for (Object id : (Set<?>) registry.getMethod("ids").invoke(loaded)) {
            ids.add((String) id);
        }
        return ids;
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            return fail("cannot locate the jar or directory of " + type.getName() + ": " + e);
        }
    }
}
