package dev.tokenkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.FakeTokenServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every error path of the command line, each with and without {@code --verbose} (which adds stack
 * traces and the library's log): nothing printed holds a secret, whether it was typed on the
 * command line, read from a file, echoed back by the token endpoint in any encoding, or a Redis
 * password in a URI.
 */
class CliErrorPathHygieneTest {
    private static final String CLIENT_ID = "cli-echo-client";
    private static final String SECRET = "Cli-Echo-S3cret-7781";

    @TempDir
    Path dir;
    private FakeTokenServer server;
    private Path secretFile;

    @BeforeEach
    void start() throws Exception {
        server = FakeTokenServer.start();
        secretFile = Files.writeString(dir.resolve("secret"), SECRET);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Runs the arguments without and with --verbose; both must pass {@code check}. */
    private static Stream<DynamicTest> bothModes(String name, List<String> args, java.util.function.Consumer<Cli.Result> check) {
        return bothModes(name, () -> { }, args, check);
    }

    /** The same, with {@code setup} run before each of the two runs. */
    private static Stream<DynamicTest> bothModes(String name, Runnable setup, List<String> args,
                                                 java.util.function.Consumer<Cli.Result> check) {
        return Stream.of(false, true).map(verbose -> DynamicTest.dynamicTest(name + (verbose ? " (--verbose)" : ""), () -> {
            setup.run();
            List<String> all = new ArrayList<>(args);
            if (verbose) {
                all.add(0, "--verbose");
            }
            check.accept(Cli.run(all.toArray(String[]::new)));
        }));
    }

    private List<String> oauth2(String... more) {
        List<String> args = new ArrayList<>(List.of("token", "oauth2", "-c", "token-url=" + server.baseUri() + "/token",
                "-c", "client-id=" + CLIENT_ID, "-c", "client-secret=@" + secretFile, "--retries", "0"));
        args.addAll(List.of(more));
        return args;
    }

    @TestFactory
    @DisplayName("a token endpoint echoing what it received, in any form, in its error body or WWW-Authenticate: exit 3, nothing of it printed")
    Stream<DynamicTest> echoes() {
        String basic = Base64.getEncoder().encodeToString((CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        List<Function<String, FakeResponse>> places = List.of(
                echo -> FakeResponse.status(401).json("{\"error\":\"invalid_client\",\"error_description\":\"rejected header "
                        + echo + "\"}"),
                echo -> FakeResponse.status(401).header("WWW-Authenticate",
                        "Basic realm=\"x\", error=\"invalid_client\", error_description=\"rejected " + echo + "\""));
        List<String> echoes = List.of("Basic " + basic, basic, URLEncoder.encode("Basic " + basic, StandardCharsets.UTF_8),
                CLIENT_ID + ":" + SECRET, Base64.getUrlEncoder().withoutPadding().encodeToString(("x" + SECRET)
                        .getBytes(StandardCharsets.UTF_8)));
        return places.stream().flatMap(place -> echoes.stream().flatMap(echo -> bothModes(
                "echo of " + echo + " in " + (places.indexOf(place) == 0 ? "error_description" : "WWW-Authenticate"),
                () -> {
                    server.reset();
                    server.respondWith(request -> place.apply(echo));
                }, oauth2(), r -> {
                    assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.INVALID_CREDENTIALS);
                    assertThat(r.all()).as("%s", r).doesNotContain(SECRET).doesNotContain(basic)
                            .doesNotContain(basic.substring(10, 30)).contains("rejected");
                })));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"oauth2", "symbl"})
    @DisplayName("a 5,000-character WWW-Authenticate on a 401: invalid credentials (exit 3), not unavailable")
    void longChallenge(String provider) {
        server.respondWith(request -> FakeResponse.status(401).header("WWW-Authenticate",
                "Basic realm=\"x\", error=\"invalid_client\", error_description=\"" + "x".repeat(5_000) + "\""));
        List<String> args = provider.equals("oauth2") ? oauth2() : List.of("token", "symbl", "-c",
                "base-url=" + server.baseUri(), "-c", "app-id=x", "-c", "app-secret=@" + secretFile, "--retries", "0");
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.INVALID_CREDENTIALS);
        assertThat(r.err()).as("%s", r).doesNotContain("StackOverflowError");
    }

    @TestFactory
    @DisplayName("a secret typed on the command line, in any way: never printed, with or without --verbose")
    Stream<DynamicTest> typedSecrets() {
        String typed = "SECRETVALUE123";
        return Stream.of(
                List.of("token", "symbl", "-c", "app-id=x", "-c", "app-secret", typed),
                List.of("token", "symbl", "-c", "app-id=x", "--app-secret=StraySecret-222"),
                List.of("token", "symbl", "-c", "app-id=x", "app-secret=" + typed),
                List.of("token", "symbl", "-c", "app-id=x", "-c", typed),
                List.of("token", "symbl", "-c", "app-id=x", "-c", "app-secrte=" + typed),
                List.of("token", "symbl", "-c", "app-id=x", "--app-secret", typed),
                List.of("token", "symbl", "-c", "app-id=x", "-c", "app-secret=" + typed, "-c", "base-url=http://127.0.0.1:9",
                        "--retries", "0", "-c", "request-timeout=300ms"),
                List.of("token", "symbl", "-c", "app-id=x", "-c", "app-secret=" + typed, "-c", "base-url=http://[bad"),
                List.of("describe", "symbl", "-c", "app-secret=" + typed),
                List.of("providers", "app-secret=" + typed))
                .flatMap(args -> bothModes(String.join(" ", args), args, r -> {
                    assertThat(r.exitCode()).as("%s", r).isNotZero();
                    assertThat(r.all()).as("%s", r).doesNotContain(typed).doesNotContain("StraySecret-222");
                }));
    }

    @TestFactory
    @DisplayName("a Redis password in a URI that reaches a command, or is malformed: never printed")
    Stream<DynamicTest> storePasswords() {
        return Stream.of(
                List.of("providers", "--store", "redis://:S3cretPW@host:6379"),
                List.of("describe", "symbl", "--store", "rediss://user:S3cretPW@host:6379/0"),
                List.of("token", "symbl", "-c", "app-id=x", "-c", "app-secret=@" + "/nonexistent", "--store",
                        "redis://u:6379/S3cretPW@h"),
                List.of("token", "symbl", "-c", "app-id=x", "-c", "app-secret=@/nonexistent", "--store",
                        "redis://:S3cretPW@127.0.0.1:1?x=1"),
                List.of("providers", "http://user:S3cretPW@example.com/x"))
                .flatMap(args -> bothModes(String.join(" ", args), args, r -> {
                    assertThat(r.exitCode()).as("%s", r).isNotZero();
                    assertThat(r.all()).as("%s", r).doesNotContain("S3cretPW");
                }));
    }

    @Test
    @DisplayName("the Unknown options message keeps the URI's host and masks its user info")
    void unknownStoreOption() {
        Cli.Result r = Cli.run("providers", "--store", "redis://:S3cretPW@host:6379");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("'redis://****@host:6379'").doesNotContain("S3cretPW");
    }

    @Test
    @DisplayName("-c VALUE without '=': the message names -c and hides the value")
    void valueWithoutKey() {
        Cli.Result r = Cli.run("token", "symbl", "-c", "app-id=x", "-c", "SECRETVALUE123");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).as("%s", r).contains("-c expects key=value").doesNotContain("**** expects")
                .doesNotContain("SECRETVALUE123");
    }

    @Test
    @DisplayName("a Redis password on the command line is warned about like an inline -c secret")
    void storePasswordWarned() {
        Cli.Result r = Cli.run("token", "symbl", "-c", "app-id=x", "-c", "app-secret=@" + secretFile, "-c",
                "base-url=" + server.baseUri(), "--retries", "0", "--store", "redis://:S3cretPW@127.0.0.1:1");
        assertThat(r.err()).as("%s", r).startsWith("tokenkit: warning: --store with a password in its URI puts the"
                + " password in the process list (ps); use " + StoreOption.PASSWORD_ENV + " (or " + StoreOption.ENV
                + ") instead\n").doesNotContain("S3cretPW");
    }
}
