package dev.tokenkit;

import dev.tokenkit.testsupport.Javac;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Discovery through {@link java.util.ServiceLoader}: factories compiled at test time and loaded
 * from a class-path directory (a {@link URLClassLoader}) and from a module layer.
 */
@DisplayName("TokenProviders discovery through ServiceLoader")
class ServiceDiscoveryTest {

    private static String factorySource(String pkg, String type, String id, String constructorBody) {
        return "package " + pkg + ";\n"
                + "import dev.tokenkit.*;\n"
                + "import dev.tokenkit.spi.*;\n"
                + "public final class " + type + " implements TokenProviderFactory {\n"
                + "  public " + type + "() { " + constructorBody + " }\n"
                + "  public ProviderDescriptor descriptor() {\n"
                + "    return ProviderDescriptor.builder(\"" + id + "\").displayName(\"Compiled " + id + "\")\n"
                + "        .option(ConfigOption.builder(\"app-id\", ConfigOption.Type.STRING).required().build()).build();\n"
                + "  }\n"
                + "  public TokenProvider create(ProviderConfig config, ProviderContext context) {\n"
                + "    return new TokenProvider() {\n"
                + "      public String id() { return \"" + id + "\"; }\n"
                + "      public AccessToken fetch() { return AccessToken.builder(\"compiled-\" + config.string(\"app-id\")).build(); }\n"
                + "    };\n"
                + "  }\n"
                + "}\n";
    }

    private static URLClassLoader classPath(Path dir, Map<String, String> sources, String... services) throws IOException {
        return classPath(null, dir, sources, services);
    }

    /** A loader of the compiled classes; {@code name} is the loader's name, or {@code null}. */
    private static URLClassLoader classPath(String name, Path dir, Map<String, String> sources, String... services)
            throws IOException {
        Path out = dir.resolve("classes");
        Javac.compile(dir.resolve("src"), out, sources);
        Path registration = out.resolve("META-INF/services/dev.tokenkit.spi.TokenProviderFactory");
        Files.createDirectories(registration.getParent());
        Files.writeString(registration, String.join("\n", services) + "\n");
        return new URLClassLoader(name, new URL[] {out.toUri().toURL()}, ServiceDiscoveryTest.class.getClassLoader());
    }

    @Test
    @DisplayName("finds a factory on the class path: ids, describe, origin 'class path', and a working provider")
    void classPathDiscovery(@TempDir Path dir) throws IOException {
        try (URLClassLoader loader = classPath(dir, Map.of(
                "acme/cp/AcmeFactory.java", factorySource("acme.cp", "AcmeFactory", "acme-cp", "")),
                "acme.cp.AcmeFactory")) {
            TokenProviders providers = TokenProviders.load(loader);

            assertThat(providers.ids()).containsExactly("acme-cp");
            assertThat(providers.loadFailures()).isEmpty();
            assertThat(providers.describe("acme-cp").displayName()).isEqualTo("Compiled acme-cp");
            assertThat(providers.describe("acme-cp").option("app-id")).isPresent();
            assertThat(providers.origin("acme-cp")).startsWith("class path (").contains(dir.resolve("classes").toString());
            assertThat(providers.provider("acme-cp", ProviderConfig.builder().put("app-id", "x").build()).fetch().value())
                    .isEqualTo("compiled-x");
        }
    }

    @Test
    @DisplayName("a factory from a class loader with a name of its own: origin names the loader instead of 'class path'")
    void namedLoaderOrigin(@TempDir Path dir) throws IOException {
        try (URLClassLoader loader = classPath("provider-path", dir, Map.of(
                "acme/cp/AcmeFactory.java", factorySource("acme.cp", "AcmeFactory", "acme-cp", "")),
                "acme.cp.AcmeFactory")) {
            TokenProviders providers = TokenProviders.load(loader);

            assertThat(providers.origin("acme-cp")).isEqualTo("provider-path (" + dir.resolve("classes").toUri().toURL() + ")");
        }
    }

    @Test
    @DisplayName("a factory whose constructor throws is recorded, the others still load, and an unknown id carries it as suppressed")
    void constructorThrows(@TempDir Path dir) throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("acme/cp/Broken.java", factorySource("acme.cp", "Broken", "broken",
                "if (true) throw new IllegalStateException(\"constructor says no\");"));
        sources.put("acme/cp/Good.java", factorySource("acme.cp", "Good", "good", ""));
        try (URLClassLoader loader = classPath(dir, sources, "acme.cp.Broken", "acme.cp.Good")) {
            TokenProviders providers = TokenProviders.load(loader);

            assertThat(providers.ids()).containsExactly("good");
            assertThat(providers.loadFailures()).singleElement()
                    .satisfies(f -> assertThat(f).hasMessageContaining("acme.cp.Broken")
                            .hasRootCauseMessage("constructor says no"));
            ProviderConfigurationException e = catchThrowableOfType(ProviderConfigurationException.class,
                    () -> providers.describe("broken"));
            assertThat(e).hasMessageContaining("'broken'").hasMessageContaining("1 provider factory failed to load");
            assertThat(e.getSuppressed()).containsExactlyElementsOf(providers.loadFailures());
            assertThat(providers.describe("good").id()).isEqualTo("good");
        }
    }

    @Test
    @DisplayName("finds a factory in a named module of a module layer; origin names the module")
    void modulePathDiscovery(@TempDir Path dir) {
        Path out = dir.resolve("mods/acme.provider");
        Javac.compile(dir.resolve("src"), out, Map.of(
                "module-info.java", "module acme.provider {\n"
                        + "  requires dev.tokenkit;\n"
                        + "  provides dev.tokenkit.spi.TokenProviderFactory with acme.provider.AcmeFactory;\n"
                        + "}\n",
                "acme/provider/AcmeFactory.java", factorySource("acme.provider", "AcmeFactory", "acme-mod", "")));
        ModuleLayer boot = ModuleLayer.boot();
        Configuration cf = boot.configuration().resolveAndBind(ModuleFinder.of(out), ModuleFinder.of(),
                Set.of("acme.provider"));
        ModuleLayer layer = boot.defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());

        TokenProviders providers = TokenProviders.load(layer);

        assertThat(providers.ids()).containsExactly("acme-mod");
        assertThat(providers.origin("acme-mod")).startsWith("module acme.provider (");
        assertThat(providers.describe("acme-mod").displayName()).isEqualTo("Compiled acme-mod");
        assertThat(providers.provider("acme-mod", ProviderConfig.builder().put("app-id", "m").build()).fetch().value())
                .isEqualTo("compiled-m");
    }
}
