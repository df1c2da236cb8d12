package dev.tokenkit.testkit.modular;

import dev.tokenkit.testkit.modular.ModularProviderFixtures.MisprovidedFixture;
import dev.tokenkit.testkit.modular.ModularProviderFixtures.ModularFixture;
import dev.tokenkit.testkit.modular.ModularProviderFixtures.NeedyFixture;
import dev.tokenkit.testkit.modular.ModularProviderFixtures.NeedyNamedFixture;
import dev.tokenkit.testkit.modular.ModularProviderFixtures.UnprovidedFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract's discovery checks against provider modules compiled at test time, on both paths a
 * third party's tests run on: the class path (the module's directory on the context class loader,
 * the module-path check building a layer of its own) and the module path (a JVM whose boot layer
 * holds tokenkit and the provider module, as surefire's default for a module with a module-info).
 * Each check passes the correct module and fails each mis-registered one.
 */
class ModuleChecksSelfTest {
    @TempDir
    static Path dir;
    static Path modular;
    static Path unprovided;
    static Path misprovided;
    static Path needy;

    @BeforeAll
    static void compileModules() {
        modular = ModularProviders.modular(dir);
        unprovided = ModularProviders.unprovided(dir);
        misprovided = ModularProviders.misprovided(dir);
        needy = ModularProviders.needy(dir);
    }

    /** Check (method name) to "STATUS<tab>message", for a fixture whose module is on the context class loader. */
    private static Map<String, String> onClassPath(Class<?> fixture, Path module) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {module.toUri().toURL()}, before)) {
            thread.setContextClassLoader(loader);
            return outcomes(ModulePathRun.discoveryChecks(fixture.getName()));
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static Map<String, String> outcomes(List<String> lines) {
        Map<String, String> out = new TreeMap<>();
        for (String line : lines) {
            String[] f = line.split("\t", 5);
            out.put(f[1] + "." + f[2], f[3] + "\t" + f[4]);
        }
        return out;
    }

    @Test
    @DisplayName("on the class path, a correctly registered module passes the three discovery checks")
    void classPathCorrect() throws Exception {
        assertThat(onClassPath(ModularFixture.class, modular)).containsOnly(
                Map.entry("ModularFixture.registered", "SUCCESSFUL\t"),
                Map.entry("ModularFixture.registrationsAgree", "SUCCESSFUL\t"),
                Map.entry("ModularFixture.foundOnModulePath", "SUCCESSFUL\t"));
    }

    static Stream<Arguments> misregistered() {
        return Stream.of(
                Arguments.of("without 'provides'", UnprovidedFixture.class, unprovided,
                        "module-info 'provides dev.tokenkit.spi.TokenProviderFactory with ...'",
                        "in a module layer of fixture.unprovided (its module-info.java needs 'provides"
                                + " dev.tokenkit.spi.TokenProviderFactory with fixture.unprovided.UnprovidedFactory')"),
                Arguments.of("whose 'provides' names another factory", MisprovidedFixture.class, misprovided,
                        "fixture.misprovided.OtherFactory", "misprovided-other"));
    }

    @ParameterizedTest(name = "a module {0}")
    @MethodSource("misregistered")
    @DisplayName("on the class path, a mis-registered module fails the agreement and module-path checks")
    void classPathMisregistered(String defect, Class<?> fixture, Path module, String agreement, String layer) throws Exception {
        String name = fixture.getSimpleName();
        Map<String, String> checks = onClassPath(fixture, module);

        assertThat(checks.get(name + ".registered")).as("found through META-INF/services").isEqualTo("SUCCESSFUL\t");
        assertThat(checks.get(name + ".registrationsAgree")).startsWith("FAILED\t").contains(agreement);
        assertThat(checks.get(name + ".foundOnModulePath")).startsWith("FAILED\t").contains(layer);
    }

    @Test
    @DisplayName("on the class path, a module that requires a module beyond tokenkit's passes only when extraModuleClasses() names it")
    void classPathExtraModules() throws Exception {
        Map<String, String> unnamed = onClassPath(NeedyFixture.class, needy);
        Map<String, String> named = onClassPath(NeedyNamedFixture.class, needy);

        assertThat(unnamed.get("NeedyFixture.registrationsAgree")).isEqualTo("SUCCESSFUL\t");
        assertThat(unnamed.get("NeedyFixture.foundOnModulePath")).startsWith("FAILED\t")
                .contains("module fixture.needy does not resolve beside tokenkit's modules (")
                .contains("dev.tokenkit.testing")
                .contains("return one class of each from extraModuleClasses()");
        assertThat(named.values()).containsOnly("SUCCESSFUL\t");
    }

    @Test
    @DisplayName("on the module path, with tokenkit in the boot layer, a correct module passes and a mis-registered one fails")
    void modulePath() throws Exception {
        Set<Path> modulePath = ModularProviders.tokenkitModules();
        modulePath.addAll(List.of(modular, unprovided, misprovided, needy));
        Set<String> onModulePath = modulePath.stream().map(Path::toString).collect(Collectors.toSet());
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !onModulePath.contains(e)).collect(Collectors.joining(File.pathSeparator));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = dir.resolve("module-path-run.txt");
        Path err = dir.resolve("module-path-run.err");
        Process process = new ProcessBuilder(java,
                "--module-path", String.join(File.pathSeparator, onModulePath), "--add-modules", "ALL-MODULE-PATH",
                "-cp", classPath, ModulePathRun.class.getName(),
                ModularFixture.class.getName(), UnprovidedFixture.class.getName(), MisprovidedFixture.class.getName(),
                NeedyFixture.class.getName())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the discovery checks on the module path did not end within 120 s");
        }
        assertThat(process.exitValue()).as("exit of the child JVM; stderr: %s", Files.readString(err)).isZero();
        Map<String, String> checks = outcomes(Files.readAllLines(out).stream().filter(l -> l.startsWith("CHECK\t")).toList());

        assertThat(checks).as("checks run on the module path").hasSize(12);
        // the layer reuses the boot layer's modules: no module reads two modules of one name
        assertThat(checks).containsEntry("ModularFixture.registered", "SUCCESSFUL\t")
                .containsEntry("ModularFixture.registrationsAgree", "SUCCESSFUL\t")
                .containsEntry("ModularFixture.foundOnModulePath", "SUCCESSFUL\t");
        // a named module's META-INF/services is ignored: only 'provides' registers it
        assertThat(checks.get("UnprovidedFixture.registered")).startsWith("FAILED\t")
                .contains("no TokenProviderFactory with id 'unprovided' is registered");
        assertThat(checks.get("MisprovidedFixture.registered")).startsWith("FAILED\t")
                .contains("no TokenProviderFactory with id 'misprovided' is registered");
        assertThat(checks).containsEntry("UnprovidedFixture.registrationsAgree", "ABORTED\t"
                        + "Assumption failed: skipped: no provider with id 'unprovided' is registered; see the discovery check"
                        + " 'is registered through ServiceLoader under its id'");
        // the boot layer holds what the module requires: extraModuleClasses() is not needed here
        assertThat(checks).containsEntry("NeedyFixture.foundOnModulePath", "SUCCESSFUL\t");
    }
}
