package dev.tokenkit.apicheck;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the packages of every published module layered: no cycle of classes runs through two
 * packages (a package that needs a class of another package which needs it back). Read from the
 * class files, so it sees what the compiler wrote, not what the imports say.
 */
class PackageCyclesTest {

    @TestFactory
    @DisplayName("no cycle of classes crosses a package boundary")
    Stream<DynamicTest> noCycleAcrossPackages() {
        Map<String, Path> modules = ApiModules.onClassPath(ApiCheckTest.root());
        return modules.entrySet().stream().map(m -> DynamicTest.dynamicTest(m.getKey(), () ->
                assertThat(ClassGraph.of(m.getValue()).cyclesAcrossPackages())
                        .as("classes of %s that need each other across packages: move one of each cycle's"
                                + " classes, or the code that ties them, so that one package only uses the other",
                                m.getKey())
                        .isEmpty()));
    }

    @Test
    @DisplayName("a cycle through two packages is found, and a one-way use is not")
    void findsCycles(@TempDir Path dir) throws IOException {
        Path both = compile(dir.resolve("both"), "class A { dev.tokenkit.b.B b; }", "class B { dev.tokenkit.a.A a; }");
        assertThat(ClassGraph.of(both).cyclesAcrossPackages())
                .containsExactly(Set.of("dev.tokenkit.a.A", "dev.tokenkit.b.B"));
        Path oneWay = compile(dir.resolve("one-way"), "class A { dev.tokenkit.b.B b; }", "class B { }");
        assertThat(ClassGraph.of(oneWay).cyclesAcrossPackages()).isEmpty();
    }

    @Test
    @DisplayName("a cycle inside one package is allowed, and one through a nested class counts as its top-level class")
    void nestedAndSamePackage(@TempDir Path dir) throws IOException {
        Path nested = compile(dir, "class A { public static class In { dev.tokenkit.b.B b; } }",
                "class B { dev.tokenkit.a.A.In in; }");
        assertThat(ClassGraph.of(nested).cyclesAcrossPackages()).hasSize(1);
        assertThat(ClassGraph.of(nested).cycles()).hasSize(1);
    }

    /** A module {@code m} with public classes {@code dev.tokenkit.a.A} and {@code dev.tokenkit.b.B} of these bodies. */
    private static Path compile(Path dir, String a, String b) throws IOException {
        Path src = dir.resolve("src");
        Path out = dir.resolve("classes");
        Files.createDirectories(src.resolve("dev/tokenkit/a"));
        Files.createDirectories(src.resolve("dev/tokenkit/b"));
        Files.createDirectories(out);
        Files.writeString(src.resolve("module-info.java"), "module m { exports dev.tokenkit.a; exports dev.tokenkit.b; }");
        Files.writeString(src.resolve("dev/tokenkit/a/A.java"), "package dev.tokenkit.a; public " + a);
        Files.writeString(src.resolve("dev/tokenkit/b/B.java"), "package dev.tokenkit.b; public " + b);
        List<String> args = new ArrayList<>(List.of("-d", out.toString()));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
        assertThat(status).as("javac of the fixture").isZero();
        return out;
    }
}
