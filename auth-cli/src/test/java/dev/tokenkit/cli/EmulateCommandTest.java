package dev.tokenkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code tokenkit emulate}: a vendor emulator any HTTP client can use, until interrupted. */
class EmulateCommandTest {
    private static final long WAIT_S = 60; // bounds waits on real processes and threads
    private static final Pattern SERVING = Pattern.compile("serving on (http://127\\.0\\.0\\.1:\\d+)");

    /** Runs {@code emulate} in-process on a thread of its own; {@link #stop()} interrupts it. */
    static final class Running implements AutoCloseable {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        final Thread thread;

        Running(String... args) {
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            thread = new Thread(() -> exit.complete(TokenkitCli.run(args, o, e, Map.of())), "emulate-under-test");
            thread.start();
        }

        /** The base URL, once the whole banner is printed. */
        URI baseUri() throws Exception {
            Matcher m = SERVING.matcher(banner());
            if (!m.find()) {
                throw new AssertionError("emulate printed no http base URL:\n" + out + err);
            }
            return URI.create(m.group(1));
        }

        /** The whole banner, once printed (over HTTP or HTTPS). */
        String banner() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
            while (System.nanoTime() < deadline) {
                String banner = out();
                if (banner.contains("  try ")) {
                    return banner;
                }
                if (exit.isDone()) {
                    throw new AssertionError("emulate ended: " + exit.get() + "\n" + out + err);
                }
                Thread.onSpinWait();
            }
            throw new AssertionError("emulate printed no banner:\n" + out + err);
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        int stop() {
            thread.interrupt();
            return exit.orTimeout(WAIT_S, TimeUnit.SECONDS).join();
        }

        @Override
        public void close() {
            if (!exit.isDone()) {
                stop();
            }
        }
    }

    @Test
    @DisplayName("tokenkit token works against tokenkit emulate, offline: the README's example")
    void tokenAgainstEmulate() throws Exception {
        try (Running symbl = new Running("emulate", "symbl")) {
            URI base = symbl.baseUri();
            assertThat(symbl.out()).contains("accepts         app-id=demo-app-id, app-secret=demo-app-secret")
                    .contains("try             tokenkit token symbl -c base-url=" + base);
            Cli.Result token = Cli.run("token", "symbl", "-c", "base-url=" + base, "-c", "app-id=demo-app-id",
                    "-c", "app-secret=demo-app-secret", "-o", "header");
            assertThat(token.exitCode()).as("%s", token).isZero();
            assertThat(token.out()).startsWith("Authorization: Bearer ");
            assertThat(symbl.stop()).isZero();
            assertThat(symbl.out()).contains("symbl emulator stopped");
        }
    }

    @Test
    @DisplayName("scripted faults: two 503s with Retry-After, then a token; the token command retries through them")
    void scriptedOutage() throws Exception {
        try (Running symbl = new Running("emulate", "symbl", "--fail", "2", "--status", "503", "--retry-after", "1")) {
            URI base = symbl.baseUri();
            assertThat(symbl.out()).contains("faults          HTTP 503 for the first 2 request(s), Retry-After 1 s");
            Cli.Result token = Cli.run("token", "symbl", "-c", "base-url=" + base, "-c", "app-id=demo-app-id",
                    "-c", "app-secret=demo-app-secret");
            assertThat(token.exitCode()).as("%s", token).isZero();
        }
        try (Running down = new Running("emulate", "singleview", "--down")) {
            URI base = down.baseUri();
            Cli.Result token = Cli.run("token", "singleview", "-c", "base-url=" + base, "-c", "client-id=demo-client",
                    "-c", "client-code=demo-client-code", "-c", "company-id=DEMOCO", "-c", "reference-id=R1",
                    "--retries", "0");
            assertThat(token.exitCode()).as("%s", token).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(token.err()).contains("Connect Refused");
        }
    }

    @Test
    @DisplayName("credentials set with -c are accepted, and a secret given is never printed")
    void ownCredentials() throws Exception {
        try (Running symbl = new Running("emulate", "symbl", "-c", "app-id=my-app", "-c", "app-secret=my-emulated-s3cret")) {
            URI base = symbl.baseUri();
            assertThat(symbl.out()).contains("app-id=my-app, app-secret=(as given)").doesNotContain("my-emulated-s3cret")
                    .contains("-c app-secret=@FILE");
            Cli.Result wrong = Cli.run("token", "symbl", "-c", "base-url=" + base, "-c", "app-id=my-app",
                    "-c", "app-secret=demo-app-secret");
            assertThat(wrong.exitCode()).isEqualTo(ExitCodes.INVALID_CREDENTIALS);
            Cli.Result right = Cli.run("token", "symbl", "-c", "base-url=" + base, "-c", "app-id=my-app",
                    "-c", "app-secret=my-emulated-s3cret");
            assertThat(right.exitCode()).as("%s", right).isZero();
        }
    }

    @Test
    @DisplayName("emulate oauth2: its addresses, the demo client, and a try line that works; own credentials with -c")
    void oauth2() throws Exception {
        try (Running oauth2 = new Running("emulate", "oauth2")) {
            URI base = oauth2.baseUri();
            assertThat(oauth2.out()).contains("token endpoint  POST " + base + "/oauth2/token")
                    .contains("issuer          " + base + " (-c issuer=" + base + " discovers the token endpoint)")
                    .contains("metadata        GET " + base + "/.well-known/oauth-authorization-server")
                    .contains("accepts         client-id=demo-client, client-secret=demo-client-secret, scope=read write")
                    .contains("try             tokenkit token oauth2 -c token-url=" + base + "/oauth2/token"
                            + " -c client-id=demo-client -c client-secret=demo-client-secret\n");
            Cli.Result token = Cli.run("token", "oauth2", "-c", "token-url=" + base + "/oauth2/token",
                    "-c", "client-id=demo-client", "-c", "client-secret=demo-client-secret", "-c", "scope=write");
            assertThat(token.exitCode()).as("%s", token).isZero();
        }
        try (Running own = new Running("emulate", "oauth2", "-c", "client-id=a:b+c", "-c", "client-secret=my-own-s3cret",
                "-c", "scope=x y")) {
            URI base = own.baseUri();
            assertThat(own.out()).contains("client-id=a:b+c, client-secret=(as given), scope=x y")
                    .doesNotContain("my-own-s3cret");
            Cli.Result token = Cli.run("token", "oauth2", "-c", "issuer=" + base, "-c", "client-id=a:b+c",
                    "-c", "client-secret=my-own-s3cret", "-c", "scope=y");
            assertThat(token.exitCode()).as("%s", token).isZero();
        }
        Cli.Result badScope = Cli.run("emulate", "oauth2", "-c", "scope=a\"b");
        assertThat(badScope.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badScope.err()).contains("is not a scope token");
    }

    @Test
    @DisplayName("bad arguments are usage errors that name the fix")
    void usageErrors() {
        assertThat(Cli.run("emulate", "acme").err()).contains("no built-in emulator for 'acme'")
                .contains("symbl or singleview");
        Cli.Result down = Cli.run("emulate", "symbl", "--down");
        assertThat(down.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(down.err()).contains("--fail N --status 503");
        assertThat(Cli.run("emulate", "symbl", "--status", "404").err()).contains("429 or 500 to 599");
        Cli.Result unknown = Cli.run("emulate", "symbl", "-c", "client-id=x");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("takes -c app-id, -c app-secret");
    }

    @Test
    @DisplayName("a separate tokenkit emulate process serves any HTTP client until it is terminated")
    void separateProcess() throws Exception {
        Process p = new ProcessBuilder(Processes.java().toString(), "-cp", Processes.testClassPath(),
                TokenkitCli.class.getName(), "emulate", "singleview").redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return lines.readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            String line = first.get(WAIT_S, TimeUnit.SECONDS);
            Matcher m = SERVING.matcher(String.valueOf(line));
            assertThat(m.find()).as("first line: %s", line).isTrue();
            String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
            HttpRequest request = HttpRequest.newBuilder(URI.create(m.group(1) + "/v1/api/svplatform/token"))
                    .header("CompanyId", "DEMOCO").header("SVReferenceID", "R1").header("DateTimeStamp", stamp)
                    .header("Device", "Web").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"clientId\":\"demo-client\",\"clientCode\":"
                            + "\"demo-client-code\",\"grant_type\":\"client_credentials\"}"))
                    .timeout(Duration.ofSeconds(WAIT_S)).build();
            HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"access_token\"").contains("\"expires_in\"");
        } finally {
            p.destroy();
            assertThat(p.waitFor(WAIT_S, TimeUnit.SECONDS)).as("ended after SIGTERM").isTrue();
        }
        assertThat(List.of(0, 143)).contains(p.exitValue());
    }
}
