package dev.tokenkit.cli;

import dev.tokenkit.emulators.OAuth2Emulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tokenkit token oauth2} against the OAuth 2.0 emulator: the issue's command lines and exit codes. */
class OAuth2TokenCommandTest {
    /** A client id and secret with every character that Basic authentication must form-encode. */
    private static final String CLIENT_ID = "cli:client+1/&=";
    private static final String CLIENT_SECRET = "cli-s3cret:+/&=x";
    private static final String JWT = "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+";

    private static OAuth2Emulator oauth2;

    @TempDir
    static Path dir;
    private static Path secretFile;

    @BeforeAll
    static void start() throws IOException {
        oauth2 = OAuth2Emulator.builder().client(CLIENT_ID, CLIENT_SECRET, "read", "write").start();
        secretFile = Files.writeString(dir.resolve("client-secret"), CLIENT_SECRET + "\n");
    }

    @AfterAll
    static void stop() {
        oauth2.close();
    }

    @BeforeEach
    void reset() {
        oauth2.reset();
    }

    /** {@code tokenkit token oauth2 -c client-id=… -c client-secret=@file} plus the given arguments. */
    private static Cli.Result token(String... more) {
        List<String> args = new ArrayList<>(List.of("token", "oauth2", "-c", "client-id=" + CLIENT_ID,
                "-c", "client-secret=@" + secretFile));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static String tokenUrl() {
        return "token-url=" + oauth2.tokenEndpoint();
    }

    private static void assertOneErrorLine(Cli.Result r) {
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).as("one line on stderr: %s", r).matches("tokenkit: [^\\n]+\\n");
        assertThat(r.all()).doesNotContain(CLIENT_SECRET, "wrong-s3cret");
    }

    @Test
    @DisplayName("token-url with Basic: an id and secret holding : + / & = are encoded as RFC 6749 says, the token printed")
    void basicWithTokenUrl() {
        Cli.Result r = token("-c", tokenUrl(), "-c", "scope=read");

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).matches(JWT + "\\n");
        assertThat(r.err()).isEmpty();
        assertThat(oauth2.server().requestCount()).isEqualTo(1);
        assertThat(oauth2.server().lastRequest().body()).isEqualTo("grant_type=client_credentials&scope=read");
    }

    @Test
    @DisplayName("-c auth-method=client_secret_post: the credentials travel in the form")
    void post() {
        Cli.Result r = token("-c", tokenUrl(), "-c", "auth-method=client_secret_post", "-o", "header");

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).matches("Authorization: Bearer " + JWT + "\\n");
        assertThat(oauth2.server().lastRequest().header("Authorization")).isEmpty();
        assertThat(oauth2.server().lastRequest().body()).startsWith("grant_type=client_credentials&client_id=cli%3Aclient");
    }

    @Test
    @DisplayName("-c issuer=…: the token endpoint is discovered from the metadata, then asked")
    void issuer() {
        Cli.Result r = token("-c", "issuer=" + oauth2.issuer(), "-o", "json");

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).contains("\"provider\":\"oauth2\"", "\"tokenType\":\"Bearer\"");
        assertThat(oauth2.server().requests()).extracting(req -> req.method() + " " + req.path())
                .containsExactly("GET /.well-known/oauth-authorization-server", "POST /oauth2/token");
    }

    @Test
    @DisplayName("invalid_client at 401 (a wrong secret by Basic): exit 3")
    void invalidClient401() {
        Cli.Result r = Cli.run("token", "oauth2", "-c", tokenUrl(), "-c", "client-id=" + CLIENT_ID,
                "-c", "client-secret=@" + write("wrong-s3cret"));

        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.INVALID_CREDENTIALS);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("HTTP 401", "error=invalid_client");
    }

    @Test
    @DisplayName("invalid_client at 400 (a wrong secret in the form): exit 3 as well")
    void invalidClient400() {
        Cli.Result r = Cli.run("token", "oauth2", "-c", tokenUrl(), "-c", "client-id=" + CLIENT_ID,
                "-c", "client-secret=@" + write("wrong-s3cret"), "-c", "auth-method=client_secret_post");

        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.INVALID_CREDENTIALS);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("HTTP 400", "error=invalid_client");
    }

    @Test
    @DisplayName("invalid_scope: exit 1, the RFC code in the message")
    void invalidScope() {
        Cli.Result r = token("-c", tokenUrl(), "-c", "scope=read admin");

        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.OTHER);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("error=invalid_scope", "scope admin is not allowed");
        assertThat(oauth2.server().requestCount()).as("a rejection is not retried").isEqualTo(1);
    }

    @Test
    @DisplayName("neither token-url nor issuer, or both: exit 2 naming both options, nothing sent")
    void endpointOptions() {
        Cli.Result neither = token();
        Cli.Result both = token("-c", tokenUrl(), "-c", "issuer=" + oauth2.issuer());

        assertThat(neither.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(neither.err()).contains("neither option 'token-url' nor 'issuer' is set", "TOKENKIT_OAUTH2_TOKEN_URL");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("options 'token-url' and 'issuer' are both set");
        assertThat(oauth2.server().requestCount()).isZero();
    }

    private static Path write(String secret) {
        try {
            return Files.writeString(Files.createTempFile(dir, "secret", ".txt"), secret);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
