package dev.tokenkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.MalformedResponseException;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.RateLimitedException;
import dev.tokenkit.TokenException;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.FakeTokenServer;
import dev.tokenkit.testkit.FaultRow;
import dev.tokenkit.testkit.FaultRows;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line over every row of the contract's fault matrix: the exit code the row's
 * error type maps to, and neither the secret nor the token anywhere in stdout or stderr, with
 * and without {@code --verbose} (whose stack traces include every cause).
 */
class CliFaultMatrixHygieneTest {
    private static final String SECRET = "cli-Matrix-S3cret-4711";
    private static final String TOKEN = "tk_cli_matrix_5e2f";

    @TempDir
    Path dir;

    private static final Map<Class<? extends TokenException>, Integer> EXIT = Map.of(
            InvalidCredentialsException.class, ExitCodes.INVALID_CREDENTIALS,
            ProviderUnavailableException.class, ExitCodes.UNAVAILABLE,
            RateLimitedException.class, ExitCodes.UNAVAILABLE,
            MalformedResponseException.class, ExitCodes.MALFORMED,
            ProviderConfigurationException.class, ExitCodes.USAGE);

    @TestFactory
    Stream<DynamicTest> everyRowHidesTheSecretAndTheToken() throws Exception {
        Path secretFile = Files.writeString(dir.resolve("secret"), SECRET);
        List<FaultRow> rows = FaultRows.of(
                (value, lifetime) -> "{\"accessToken\":\"" + value + "\",\"expiresIn\":" + lifetime + "}",
                FakeResponse.status(401).json("{\"message\":\"Unauthorized: app secret " + SECRET + " is invalid\"}"),
                TOKEN);
        assertThat(rows).hasSizeGreaterThan(20);
        return rows.stream().flatMap(row -> Stream.of(false, true).map(verbose ->
                DynamicTest.dynamicTest(row.name() + (verbose ? " (--verbose)" : "") + " → exit "
                        + EXIT.getOrDefault(row.expected(), ExitCodes.OTHER) + ", nothing secret printed", () -> {
                    try (FakeTokenServer server = FakeTokenServer.start()) {
                        URI base = row.script(server);
                        List<String> args = new java.util.ArrayList<>(List.of("token", "symbl", "-c", "base-url=" + base,
                                "-c", "app-id=matrix-app", "-c", "app-secret=@" + secretFile, "-c",
                                "request-timeout=" + FaultRows.REQUEST_TIMEOUT.toMillis() + "ms", "--retries", "0"));
                        if (verbose) {
                            args.add("--verbose");
                        }
                        Cli.Result r = Cli.run(args.toArray(String[]::new));

                        assertThat(r.exitCode()).as("%s", r).isEqualTo(EXIT.getOrDefault(row.expected(), ExitCodes.OTHER));
                        assertThat(r.out()).as("stdout on a failure").isEmpty();
                        assertThat(r.all()).as("%s", r).doesNotContain(SECRET).doesNotContain(TOKEN);
                    }
                })));
    }
}
