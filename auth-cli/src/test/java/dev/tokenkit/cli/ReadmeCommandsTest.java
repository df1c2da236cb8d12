package dev.tokenkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's command-line example, run as written by bash: the block under "## Command line"
 * is copied verbatim into a script whose only change is a free port for the example's; the
 * script runs where {@code ./tokenkit} is a stand-in that starts the command line from the test
 * class path (the jar is built after the tests) and, like the real one, ends in {@code exec java}. The {@code token} command waits (at most 60 s) for the
 * backgrounded emulator to listen, as a person pasting the lines sees its banner first.
 */
class ReadmeCommandsTest {
    private static final Path README = Path.of("..", "README.md");
    private static final String PORT = "8089";
    private static final long WAIT_S = 120;

    @TempDir
    Path dir;

    /** The first {@code sh} block after the heading, without its fences. */
    static String block(String markdown, String heading) {
        int section = markdown.indexOf("\n" + heading + "\n");
        assertThat(section).as("README has the section '%s'", heading).isNotNegative();
        int open = markdown.indexOf("\n```sh\n", section);
        int close = markdown.indexOf("\n```\n", open + 1);
        assertThat(open).as("a ```sh block in '%s'", heading).isPositive();
        return markdown.substring(open + "\n```sh\n".length(), close + 1);
    }

    @Test
    @DisplayName("the README's command-line block runs as pasted: a token from the emulator opens its protected API")
    void commandLineBlockRuns() throws Exception {
        String commands = block(Files.readString(README), "## Command line");
        assertThat(commands).contains("./tokenkit emulate symbl --port " + PORT + " &", "mktemp", "/api/me", "kill %1");
        String port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = Integer.toString(free.getLocalPort());
        }
        // ./tokenkit, as the repository's script ends: exec java, so that kill %1 stops the JVM itself
        Path shim = Files.writeString(dir.resolve("tokenkit"), """
                #!/usr/bin/env bash
                echo $$ >> "%s"
                if [[ "$1" == token ]]; then
                  for _ in $(seq 600); do (exec 3<>/dev/tcp/127.0.0.1/%s) 2>/dev/null && break; sleep 0.1; done
                fi
                exec "%s" -cp "%s" %s "$@"
                """.formatted(dir.resolve("pids"), port, Processes.java(), Processes.testClassPath(),
                TokenkitCli.class.getName()));
        assertThat(shim.toFile().setExecutable(true)).isTrue();
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        String script = "set -euo pipefail\n" + commands.replace(PORT, port);
        Path file = Files.writeString(dir.resolve("readme.sh"), script);

        ProcessBuilder builder = new ProcessBuilder("bash", file.toString()).directory(dir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("TOKENKIT_"));
        builder.environment().put("TMPDIR", tmp.toString());
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process bash = builder.start();
        CompletableFuture<String> out = Processes.read(bash.getInputStream());
        CompletableFuture<String> err = Processes.read(bash.getErrorStream());
        boolean ended = bash.waitFor(WAIT_S, TimeUnit.SECONDS);
        if (!ended) {
            bash.destroyForcibly();
        }
        for (String pid : Files.readAllLines(dir.resolve("pids"))) { // only if the script failed before its kill %1
            ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
        String stdout = out.get(WAIT_S, TimeUnit.SECONDS);
        String stderr = err.get(WAIT_S, TimeUnit.SECONDS);
        String outcome = "exit " + (ended ? bash.exitValue() : "none within " + WAIT_S + " s") + "\n--- stdout\n" + stdout
                + "--- stderr\n" + stderr + "--- script\n" + script;

        assertThat(ended).as(outcome).isTrue();
        assertThat(bash.exitValue()).as(outcome).isZero();
        assertThat(stdout).as(outcome)
                .containsPattern("\\nsymbl +Symbl\\.ai +class path")
                .contains("app-secret")
                .contains("symbl emulator serving on http://127.0.0.1:" + port)
                .contains("protected API   GET http://127.0.0.1:" + port + "/api/me with Authorization: Bearer <token>")
                .containsPattern("\\{\"sub\":\"demo-app-id\",\"expires_in\":\\d+}");
        try (var left = Files.list(tmp)) {
            assertThat(left.toList()).as("the secret file, made by mktemp in TMPDIR, is removed").isEmpty();
        }
    }
}
