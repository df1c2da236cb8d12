package dev.tokenkit.apicheck;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds each published module's API to its committed dump, {@code <module>/api/<module>.api}.
 * With {@code -Dapi.write=true} ({@code scripts/api-dump}) it writes the dumps instead.
 */
class ApiCheckTest {

    @Test
    @DisplayName("every module auth-bom publishes is on this check's class path, and no other")
    void bomAndClassPathAgree() throws IOException {
        assertThat(ApiModules.onClassPath(root()).keySet())
                .as("add each published module to api-check/pom.xml, as auth-bom lists it")
                .containsExactlyInAnyOrderElementsOf(ApiModules.published(Files.readString(root().resolve("auth-bom/pom.xml"))));
    }

    @TestFactory
    @DisplayName("each published module's API equals its committed dump")
    Stream<DynamicTest> dumps() {
        boolean write = Boolean.getBoolean("api.write");
        Map<String, Path> modules = ApiModules.onClassPath(root());
        return modules.entrySet().stream().map(m -> DynamicTest.dynamicTest(m.getKey(), () -> {
            String actual = ApiDump.of(m.getValue(), getClass().getClassLoader());
            Path dump = root().resolve(m.getKey()).resolve("api").resolve(m.getKey() + ".api");
            if (write) {
                Files.createDirectories(dump.getParent());
                Files.writeString(dump, actual);
                return;
            }
            ApiDiff.check(m.getKey(), dump, actual);
        }));
    }

    static Path root() {
        String root = System.getProperty("tokenkit.root");
        return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    }
}
