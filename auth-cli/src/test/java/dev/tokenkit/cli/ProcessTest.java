package dev.tokenkit.cli;

import dev.tokenkit.emulators.SymblEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a real process: {@code main}, exit codes, streams, class path and module path. */
class ProcessTest {
    private static final String MAIN = TokenkitCli.class.getName();

    @TempDir
    Path dir;

    @Test
    void demoRunsAsAProcess() throws Exception {
        Processes.Result r = Processes.run(List.of(Processes.java().toString(), "-cp", Processes.testClassPath(), MAIN,
                "demo"), Map.of());

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).contains("== symbl (Symbl.ai)", "the SAME token as the first answer",
                "== singleview (SingleView)", "the token carries the earlier expiry");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void invalidCredentialsExitThreeAsAProcess() throws Exception {
        String secret = "process-wrong-secret-2718";
        Path secretFile = Files.writeString(dir.resolve("secret"), secret + "\n");
        try (SymblEmulator symbl = SymblEmulator.start()) {
            Processes.Result r = Processes.run(List.of(Processes.java().toString(), "-cp", Processes.testClassPath(),
                    MAIN, "token", "symbl", "-c", "base-url=" + symbl.baseUri(), "-c", "app-secret=@" + secretFile),
                    Map.of("TOKENKIT_SYMBL_APP_ID", SymblEmulator.DEMO_APP_ID));

            assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.INVALID_CREDENTIALS);
            assertThat(r.err()).matches("tokenkit: symbl: [^\\n]*\\n");
            assertThat(r.out()).isEmpty();
            assertThat(r.out() + r.err()).doesNotContain(secret);
            assertThat(symbl.server().lastRequest().body()).contains("\"appSecret\":\"" + secret + "\"");
        }
    }

    @Test
    void providerJarOnTheClassPathIsFound() throws Exception {
        // what ./tokenkit does with TOKENKIT_CLASSPATH: append it to the class path
        Path jar = TestProviderJars.acme(dir);

        Processes.Result r = Processes.run(List.of(Processes.java().toString(), "-cp",
                Processes.testClassPath() + File.pathSeparator + jar, MAIN, "providers"), Map.of());

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).containsPattern("(?m)^acme-sso +Acme SSO +class path \\(file:.*acme-provider\\.jar\\)$");
    }

    @Test
    void runsOnTheModulePath() throws Exception {
        // the runtime modules only: no test classes, no surefire, and no test library, so that a
        // module that requires JUnit or AssertJ (as the provider testkit does) would fail to resolve
        java.util.regex.Pattern testLibrary = java.util.regex.Pattern.compile(
                "junit|opentest4j|apiguardian|assertj|byte-buddy|auto-service|auth-testing|provider-testkit");
        List<Path> runtime = Processes.classPathEntries().stream()
                .filter(p -> Files.exists(p) && !p.endsWith("test-classes") && !p.toString().contains("surefire"))
                .filter(p -> !testLibrary.matcher(p.toString()).find())
                .toList();
        assertThat(runtime).as("runtime module path").isNotEmpty()
                .noneMatch(p -> testLibrary.matcher(p.toString()).find());
        String modulePath = runtime.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        List<String> launch = List.of(Processes.java().toString(), "-p", modulePath, "-m", "dev.tokenkit.cli/" + MAIN);

        Processes.Result providers = Processes.run(concat(launch, "providers"), Map.of());
        Processes.Result demo = Processes.run(concat(launch, "demo", "symbl"), Map.of());

        assertThat(providers.exitCode()).as("%s", providers).isZero();
        assertThat(providers.out()).containsPattern("(?m)^symbl +Symbl\\.ai +module dev\\.tokenkit\\.symbl ")
                .containsPattern("(?m)^singleview +SingleView +module dev\\.tokenkit\\.singleview ");
        assertThat(demo.exitCode()).as("%s", demo).isZero();
        assertThat(demo.out()).contains("the SAME token as the first answer");
    }

    private static List<String> concat(List<String> head, String... tail) {
        return java.util.stream.Stream.concat(head.stream(), java.util.Arrays.stream(tail)).toList();
    }
}
