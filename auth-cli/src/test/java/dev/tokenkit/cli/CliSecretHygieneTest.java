package dev.tokenkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.emulators.SymblEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A secret typed on the command line is never echoed, by tokenkit or by picocli. */
class CliSecretHygieneTest {
    private static final String SECRET = "Typed-S3cret-Value";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-c app-secret " + SECRET, "app-secret=" + SECRET, "--app-secret=" + SECRET,
            "-c app-secrte=" + SECRET, "-c " + SECRET, "--app-secret " + SECRET})
    @DisplayName("a mistyped secret never appears in the error, picocli's messages included")
    void mistypedSecretMasked(String mistake) {
        String[] args = ("token symbl -c app-id=x " + mistake).split(" ");
        Cli.Result r = Cli.run(args);

        assertThat(r.exitCode()).as("%s", r).isNotZero();
        assertThat(r.all()).doesNotContain(SECRET);
    }

    @Test
    @DisplayName("a secret given inline gets a one-line warning naming @FILE and the environment variable")
    void inlineSecretWarned(@TempDir Path dir) throws Exception {
        try (SymblEmulator symbl = SymblEmulator.start()) {
            Cli.Result inline = Cli.run("token", "symbl", "-c", "base-url=" + symbl.baseUri(),
                    "-c", "app-id=" + SymblEmulator.DEMO_APP_ID, "-c", "app-secret=" + SymblEmulator.DEMO_APP_SECRET);
            assertThat(inline.exitCode()).as("%s", inline).isZero();
            assertThat(inline.err()).isEqualTo("tokenkit: warning: -c app-secret=... puts a secret in the process list"
                    + " (ps); use -c app-secret=@FILE or TOKENKIT_SYMBL_APP_SECRET\n");
            assertThat(inline.err()).doesNotContain(SymblEmulator.DEMO_APP_SECRET);

            Path file = Files.writeString(dir.resolve("secret"), SymblEmulator.DEMO_APP_SECRET + "\n");
            Cli.Result fromFile = Cli.run("token", "symbl", "-c", "base-url=" + symbl.baseUri(),
                    "-c", "app-id=" + SymblEmulator.DEMO_APP_ID, "-c", "app-secret=@" + file);
            assertThat(fromFile.exitCode()).as("%s", fromFile).isZero();
            assertThat(fromFile.err()).isEmpty();
        }
    }
}
