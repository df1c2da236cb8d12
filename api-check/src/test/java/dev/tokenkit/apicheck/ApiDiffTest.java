package dev.tokenkit.apicheck;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The check itself: it passes on the committed dump and fails on a copy that differs from the code. */
class ApiDiffTest {
    private static final String MODULE = "auth-testing";

    @Test
    @DisplayName("the dump of a module reads its exports, types and members")
    void dumpsWhatAUserCompilesAgainst() {
        String api = ApiDump.of(ApiModules.onClassPath(ApiCheckTest.root()).get(MODULE), getClass().getClassLoader());
        assertThat(api).startsWith("module dev.tokenkit.testing\n  exports dev.tokenkit.testing\n")
                .contains("\npublic final class dev.tokenkit.testing.ManualClock implements java.time.InstantSource\n")
                .doesNotContain("private ");
    }

    @Test
    @DisplayName("the committed dump passes")
    void committedDumpPasses() {
        String api = ApiDump.of(ApiModules.onClassPath(ApiCheckTest.root()).get(MODULE), getClass().getClassLoader());
        assertThatNoException().isThrownBy(() -> ApiDiff.check(MODULE, dump(), api));
    }

    @Test
    @DisplayName("a dump that lost a line fails, naming the line and the command that rewrites it")
    void alteredDumpFails(@TempDir Path dir) throws IOException {
        String api = ApiDump.of(ApiModules.onClassPath(ApiCheckTest.root()).get(MODULE), getClass().getClassLoader());
        String removed = api.lines().filter(l -> l.startsWith("  public ")).findFirst().orElseThrow();
        Path copy = dir.resolve(MODULE + ".api");
        Files.writeString(copy, Files.readString(dump()).replace(removed + "\n", ""));
        assertThatThrownBy(() -> ApiDiff.check(MODULE, copy, api))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("+ " + removed.strip())
                .hasMessageContaining(ApiDiff.REWRITE);
    }

    @Test
    @DisplayName("a dump with a line the code does not have fails")
    void extraLineFails(@TempDir Path dir) throws IOException {
        String api = ApiDump.of(ApiModules.onClassPath(ApiCheckTest.root()).get(MODULE), getClass().getClassLoader());
        Path copy = dir.resolve(MODULE + ".api");
        Files.writeString(copy, api + "  public void dev.tokenkit.testing.Gone.method()\n");
        assertThatThrownBy(() -> ApiDiff.check(MODULE, copy, api))
                .hasMessageContaining("- public void dev.tokenkit.testing.Gone.method()");
    }

    @Test
    @DisplayName("a module without a dump fails, naming the command")
    void missingDumpFails(@TempDir Path dir) {
        assertThatThrownBy(() -> ApiDiff.check(MODULE, dir.resolve("none.api"), "module x\n"))
                .hasMessageContaining("has no API dump").hasMessageContaining(ApiDiff.REWRITE);
    }

    private static Path dump() {
        return ApiCheckTest.root().resolve(MODULE).resolve("api").resolve(MODULE + ".api");
    }
}
