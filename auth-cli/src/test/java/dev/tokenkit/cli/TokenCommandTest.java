package dev.tokenkit.cli;

import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.SingleViewEmulator;
import dev.tokenkit.emulators.SymblEmulator;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TokenCommandTest {
    /** A wrong secret that must never be printed. */
    private static final String WRONG_SECRET = "wrong-secret-31415";
    private static final String JWT = "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+";

    private static SymblEmulator symbl;
    /** The demo secret in a file, the way the CLI asks secrets to be given (no warning). */
    private static Path demoSecretFile;

    @TempDir
    Path dir;

    @BeforeAll
    static void startEmulator() throws java.io.IOException {
        symbl = SymblEmulator.start();
        demoSecretFile = java.nio.file.Files.createTempFile("tokenkit-demo-secret", ".txt");
        java.nio.file.Files.writeString(demoSecretFile, SymblEmulator.DEMO_APP_SECRET);
    }

    @AfterAll
    static void stopEmulator() throws java.io.IOException {
        symbl.close();
        java.nio.file.Files.deleteIfExists(demoSecretFile);
    }

    @BeforeEach
    void resetEmulator() {
        symbl.reset();
    }

    /** {@code token symbl} against the emulator, with the given extra arguments. */
    private static Cli.Result token(Map<String, String> env, String... extra) {
        List<String> args = new ArrayList<>(List.of("token", "symbl", "-c", "base-url=" + symbl.baseUri()));
        args.addAll(List.of(extra));
        return Cli.run(env, args.toArray(String[]::new));
    }

    private static Cli.Result token(String... extra) {
        return token(Map.of(), extra);
    }

    private static String[] demoCredentials(String... more) {
        List<String> args = new ArrayList<>(List.of("-c", "app-id=" + SymblEmulator.DEMO_APP_ID,
                "-c", "app-secret=@" + demoSecretFile));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static void assertOneErrorLine(Cli.Result r) {
        assertThat(r.err()).as("one line on stderr: %s", r).matches("tokenkit: [^\\n]+\\n");
        assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void rawOutputIsTheTokenAloneOnStdout() {
        Cli.Result r = token(demoCredentials());

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).matches(JWT + "\\n");
        assertThat(r.err()).isEmpty();
        assertThat(symbl.server().requestCount()).isEqualTo(1);
    }

    @Test
    void headerOutputIsAnAuthorizationHeaderLine() {
        Cli.Result r = token(demoCredentials("--output", "header"));

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).matches("Authorization: Bearer " + JWT + "\\n");
    }

    @Test
    void jsonOutputCarriesTheTokenAndItsExpiry() {
        String raw = token(demoCredentials()).out().strip();

        Cli.Result r = token(demoCredentials("-o", "json"));

        assertThat(r.exitCode()).as("%s", r).isZero();
        JsonObject json = Json.createReader(new StringReader(r.out())).readObject();
        assertThat(json.getString("provider")).isEqualTo("symbl");
        assertThat(json.getString("tokenType")).isEqualTo("Bearer");
        // Symbl's server-side cache answers the same token again
        assertThat(json.getString("accessToken")).isEqualTo(raw);
        Instant expiresAt = Instant.parse(json.getString("expiresAt"));
        assertThat(expiresAt).isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(24)));
        assertThat(json.getJsonNumber("expiresIn").longValue()).isBetween(86_000L, 86_400L);
        assertThat(json.keySet()).containsExactly("provider", "tokenType", "accessToken", "expiresAt", "expiresIn");
    }

    @Test
    void jsonExpiryIsToTheSecondForAnOpaqueToken() {
        try (dev.tokenkit.emulators.FakeTokenServer server = dev.tokenkit.emulators.FakeTokenServer.start()) {
            server.respondWith(request -> dev.tokenkit.emulators.FakeResponse.ok(
                    "{\"accessToken\":\"opaque-not-a-jwt\",\"expiresIn\":100}"));
            Cli.Result r = Cli.run("token", "symbl", "-c", "base-url=" + server.baseUri(), "-c", "app-id=a",
                    "-c", "app-secret=b", "-o", "json");

            assertThat(r.exitCode()).as("%s", r).isZero();
            JsonObject json = Json.createReader(new StringReader(r.out())).readObject();
            assertThat(json.getString("expiresAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        }
    }

    @Test
    void singleViewFromEnvironmentVariablesAlone() {
        try (SingleViewEmulator singleView = SingleViewEmulator.start()) {
            Map<String, String> env = Map.of(
                    "TOKENKIT_SINGLEVIEW_BASE_URL", singleView.baseUri().toString(),
                    "TOKENKIT_SINGLEVIEW_CLIENT_ID", SingleViewEmulator.DEMO_CLIENT_ID,
                    "TOKENKIT_SINGLEVIEW_CLIENT_CODE", SingleViewEmulator.DEMO_CLIENT_CODE,
                    "TOKENKIT_SINGLEVIEW_COMPANY_ID", SingleViewEmulator.DEMO_COMPANY_ID,
                    "TOKENKIT_SINGLEVIEW_REFERENCE_ID", "REF-1");

            Cli.Result r = Cli.run(env, "token", "singleview", "--output", "json");

            assertThat(r.exitCode()).as("%s", r).isZero();
            JsonObject json = Json.createReader(new StringReader(r.out())).readObject();
            // the JWT exp (3600 s) wins over expires_in (6000 s)
            assertThat(json.getJsonNumber("expiresIn").longValue()).isBetween(3500L, 3600L);
            assertThat(singleView.server().lastRequest().header("SVReferenceID")).contains("REF-1");
        }
    }

    @Test
    void valueFromFileWithTrailingLineBreakRemoved() throws IOException {
        Path lf = Files.writeString(dir.resolve("secret-lf"), SymblEmulator.DEMO_APP_SECRET + "\n");
        Path crlf = Files.writeString(dir.resolve("secret-crlf"), SymblEmulator.DEMO_APP_SECRET + "\r\n");

        assertThat(token("-c", "app-id=" + SymblEmulator.DEMO_APP_ID, "-c", "app-secret=@" + lf).exitCode()).isZero();
        assertThat(token("-c", "app-id=" + SymblEmulator.DEMO_APP_ID, "-c", "app-secret=@" + crlf).exitCode()).isZero();
        assertThat(symbl.server().lastRequest().body()).contains("\"appSecret\":\"" + SymblEmulator.DEMO_APP_SECRET + "\"");
    }

    @Test
    void doubleAtIsALiteralAt() {
        Cli.Result r = token("-c", "app-id=@@" + SymblEmulator.DEMO_APP_ID, "-c", "app-secret=" + SymblEmulator.DEMO_APP_SECRET);

        // the emulator knows no app "@demo-app-id"
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_CREDENTIALS);
        assertThat(symbl.server().lastRequest().body()).contains("\"appId\":\"@" + SymblEmulator.DEMO_APP_ID + "\"");
    }

    @Test
    void unreadableValueFileIsAConfigurationError() {
        Cli.Result r = token("-c", "app-id=x", "-c", "app-secret=@" + dir.resolve("missing"));

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("cannot read the value of -c app-secret", "no such file");
        assertThat(symbl.server().requestCount()).isZero();
    }

    @Test
    void configFileSuppliesOptions() throws IOException {
        Path config = Files.writeString(dir.resolve("symbl.properties"), "# Symbl demo\n"
                + "app-id = " + SymblEmulator.DEMO_APP_ID + "\n"
                + "app-secret=" + SymblEmulator.DEMO_APP_SECRET + "\n");

        Cli.Result r = token("--config", config.toString());

        assertThat(r.exitCode()).as("%s", r).isZero();
    }

    @Test
    void missingConfigFileIsAConfigurationError() {
        Cli.Result r = token(demoCredentials("--config", dir.resolve("nope.properties").toString()));

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("cannot read --config file", "no such file");
    }

    @Test
    void precedenceIsEnvironmentThenConfigFileThenOptions() throws IOException {
        String id = "app-id=" + SymblEmulator.DEMO_APP_ID;
        Path rightFile = Files.writeString(dir.resolve("right.properties"), "app-secret=" + SymblEmulator.DEMO_APP_SECRET);
        Path wrongFile = Files.writeString(dir.resolve("wrong.properties"), "app-secret=" + WRONG_SECRET);
        Map<String, String> wrongEnv = Map.of("TOKENKIT_SYMBL_APP_SECRET", WRONG_SECRET);
        Map<String, String> rightEnv = Map.of("TOKENKIT_SYMBL_APP_SECRET", SymblEmulator.DEMO_APP_SECRET);

        assertThat(token(rightEnv, "-c", id).exitCode()).as("environment alone").isZero();
        assertThat(token(wrongEnv, "-c", id, "--config", rightFile.toString()).exitCode()).as("file over environment").isZero();
        assertThat(token(rightEnv, "-c", id, "--config", wrongFile.toString()).exitCode()).as("file over environment")
                .isEqualTo(ExitCodes.INVALID_CREDENTIALS);
        assertThat(token(wrongEnv, "-c", id, "--config", wrongFile.toString(), "-c", "app-secret=" + SymblEmulator.DEMO_APP_SECRET)
                .exitCode()).as("-c over file").isZero();
        Cli.Result last = token(rightEnv, "-c", id, "--config", rightFile.toString(), "-c", "app-secret=" + WRONG_SECRET);
        assertThat(last.exitCode()).as("-c over file").isEqualTo(ExitCodes.INVALID_CREDENTIALS);
        assertThat(last.all()).doesNotContain(WRONG_SECRET, SymblEmulator.DEMO_APP_SECRET);
    }

    @Test
    void environmentOfOtherProvidersIsIgnored() {
        Cli.Result r = token(Map.of("TOKENKIT_SINGLEVIEW_APP_ID", "x"), demoCredentials());

        assertThat(r.exitCode()).as("%s", r).isZero();
    }

    @Test
    void invalidCredentialsExitThreeWithoutEchoingTheSecret() {
        Cli.Result r = token(Map.of("TOKENKIT_SYMBL_APP_SECRET", WRONG_SECRET), "-c", "app-id=" + SymblEmulator.DEMO_APP_ID);

        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_CREDENTIALS);
        assertOneErrorLine(r);
        assertThat(r.err()).startsWith("tokenkit: symbl: ").contains("401");
        assertThat(r.out()).isEmpty();
        assertThat(r.all()).doesNotContain(WRONG_SECRET);
    }

    @Test
    void missingRequiredOptionNamesItsEnvironmentVariable() {
        Cli.Result r = token("-c", "app-id=" + SymblEmulator.DEMO_APP_ID);

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("missing required option 'app-secret'", "TOKENKIT_SYMBL_APP_SECRET");
        assertThat(symbl.server().requestCount()).isZero();
    }

    @Test
    void unknownOptionGetsASuggestion() {
        Cli.Result r = token(demoCredentials("-c", "app-di=x"));

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("unknown option 'app-di'", "did you mean 'app-id'?");
    }

    @Test
    void invalidSecretValueIsReportedWithoutTheValue() {
        // an invalid value of a secret option is named, never quoted
        Cli.Result r = token("-c", "app-id=x", "-c", "app-secret=" + WRONG_SECRET, "-c", "request-timeout=soon");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("request-timeout");
        assertThat(r.all()).doesNotContain(WRONG_SECRET);
    }

    @Test
    void optionWithoutEqualsIsAUsageErrorThatDoesNotQuoteTheArgument() {
        Cli.Result r = token("-c", "app-id=x", "-c", WRONG_SECRET);

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("-c expects key=value", "-c number 3");
        assertThat(r.all()).doesNotContain(WRONG_SECRET);
    }

    @Test
    void unknownProviderListsTheProvidersFound() {
        Cli.Result r = Cli.run("token", "symbol");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("unknown token provider 'symbol'", "did you mean 'symbl'?", "singleview, symbl");
    }

    @Test
    void unavailableExitsFour() {
        symbl.server().enqueue(FakeResponse.status(503).json("{\"message\":\"down for maintenance\"}"));

        Cli.Result r = token(demoCredentials("--retries", "0"));

        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.UNAVAILABLE);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("503");
        assertThat(r.all()).doesNotContain(SymblEmulator.DEMO_APP_SECRET);
        assertThat(symbl.server().requestCount()).isEqualTo(1);
    }

    @Test
    void retriesApplyByDefault() {
        symbl.server().enqueue(FakeResponse.status(503));

        Cli.Result r = token(demoCredentials());

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(symbl.server().requestCount()).isEqualTo(2);
    }

    @Test
    void retriesOptionBoundsTheAttempts() {
        symbl.server().enqueue(FakeResponse.status(502), FakeResponse.status(502), FakeResponse.status(502));

        Cli.Result r = token(demoCredentials("--retries", "1"));

        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(symbl.server().requestCount()).isEqualTo(2);
    }

    @Test
    void rateLimitedExitsFour() {
        symbl.server().enqueue(FakeResponse.status(429).header("Retry-After", "120")
                .json("{\"message\":\"Too many requests\"}"));

        // a Retry-After beyond the policy's 30 s ends the fetch at once, whatever the retries
        Cli.Result r = token(demoCredentials());

        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.UNAVAILABLE);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("429");
        assertThat(symbl.server().requestCount()).isEqualTo(1);
    }

    @Test
    void timeoutIsUnavailableAndTransportOptionsAreAccepted() {
        symbl.server().enqueue(FakeResponse.ok("{\"accessToken\":\"a.b.c\",\"expiresIn\":60}").delay(Duration.ofSeconds(5)));

        Cli.Result r = token(demoCredentials("-c", "request-timeout=300ms", "--retries", "0"));

        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.UNAVAILABLE);
        assertOneErrorLine(r);
    }

    @Test
    void malformedResponseExitsFive() {
        symbl.server().enqueue(FakeResponse.ok("{\"accessToken\":42}"));

        Cli.Result r = token(demoCredentials());

        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.MALFORMED);
        assertOneErrorLine(r);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void otherRejectionExitsOne() {
        symbl.server().enqueue(FakeResponse.status(400).json("{\"message\":\"" + SymblEmulator.BAD_REQUEST_MESSAGE + "\"}"));

        Cli.Result r = token(demoCredentials());

        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.OTHER);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("400");
        assertThat(r.all()).doesNotContain(SymblEmulator.DEMO_APP_SECRET);
    }

    @Test
    void verboseShowsTheStackTraceButStillNoSecret() {
        for (List<String> order : List.of(List.of("--verbose", "token", "symbl"), List.of("token", "symbl", "--verbose"))) {
            List<String> args = new ArrayList<>(order);
            args.addAll(List.of("-c", "base-url=" + symbl.baseUri(), "-c", "app-id=x", "-c", "app-secret=" + WRONG_SECRET));

            Cli.Result r = Cli.run(args.toArray(String[]::new));

            assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.INVALID_CREDENTIALS);
            // the library's log (here the failed fetch's warning), the error line, its stack trace
            assertThat(r.err()).contains("tokenkit: [WARNING] dev.tokenkit.TokenSource: symbl: token fetch failed")
                    .containsPattern("(?m)^tokenkit: symbl: invalid credentials")
                    .contains("dev.tokenkit.InvalidCredentialsException", "\tat ");
            assertThat(r.all()).doesNotContain(WRONG_SECRET);
        }
    }

    @Test
    void badOutputFormatIsAUsageError() {
        Cli.Result r = token(demoCredentials("--output", "xml"));

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("--output", "raw, header, json");
    }

    @Test
    void retriesOutOfRangeIsAUsageError() {
        assertThat(token(demoCredentials("--retries", "-1")).exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(token(demoCredentials("--retries", "11")).exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(token(demoCredentials("--retries", "many")).exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(symbl.server().requestCount()).isZero();
    }

    @Test
    void missingProviderIdIsAUsageError() {
        Cli.Result r = Cli.run("token");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("<id>", "tokenkit token --help");
    }
}
