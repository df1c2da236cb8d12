package dev.tokenkit.cli;

import dev.tokenkit.emulators.OAuth2Emulator;
import dev.tokenkit.emulators.SingleViewEmulator;
import dev.tokenkit.emulators.SymblEmulator;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    @Test
    void demoOfBothVendorsShowsWireTokenExpiryAndRefresh() {
        Cli.Result r = Cli.run("demo");

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .contains("== symbl (Symbl.ai), emulator at http://127.0.0.1:")
                .contains("app-id=demo-app-id, app-secret=****")
                .contains("POST /oauth2/token:generate", "\"appSecret\":\"****\"", "content-type: application/json")
                .containsPattern("token +Bearer, sha256:[0-9a-f]{8} \\(the value is not shown")
                .containsPattern("expires +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\(in 8639\\d s\\)")
                .containsPattern("refresh due .* at 80 % ± 5 % \\(jitter\\) of the lifetime, so between ")
                .contains("request 2 as the emulator received it")
                .contains("the SAME token as the first answer", "The emulator issued 1 token(s) for 2 requests")
                .contains("== singleview (SingleView), emulator at http://127.0.0.1:")
                .contains("client-code=****", "POST /v1/api/svplatform/token", "companyid: DEMOCO",
                        "svreferenceid: BEMC0001", "device: Web", "\"clientCode\":\"****\"")
                .containsPattern("datetimestamp: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\n")
                .containsPattern("expires +\\S+ \\(in 35\\d\\d s\\)")
                .contains("expires_in \"6000\"", "3600 s after its iat", "the token carries the earlier expiry");
        assertThat(r.out()).contains("== oauth2 (OAuth 2.0 client credentials), emulator at http://127.0.0.1:");
        assertThat(r.out()).doesNotContain(SymblEmulator.DEMO_APP_SECRET, SingleViewEmulator.DEMO_CLIENT_CODE,
                OAuth2Emulator.DEMO_CLIENT_SECRET,
                // a token value is a JWT, whose base64url header starts with eyJ
                "eyJ");
    }

    @Test
    void demoOfOAuth2ShowsDiscoveryOnceAndBasicAuthenticationMasked() {
        Cli.Result r = Cli.run("demo", "oauth2");
        String basic = java.util.Base64.getEncoder().encodeToString((OAuth2Emulator.DEMO_CLIENT_ID + ":"
                + OAuth2Emulator.DEMO_CLIENT_SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .containsPattern("config +issuer=http://127\\.0\\.0\\.1:\\d+, client-id=demo-client, client-secret=\\*\\*\\*\\*,"
                        + " scope=read")
                .contains("request 1 as the emulator received it", "GET /.well-known/oauth-authorization-server\n")
                .contains("POST /oauth2/token", "authorization: Basic **** (Base64 of demo-client:****)",
                        "content-type: application/x-www-form-urlencoded", "grant_type=client_credentials&scope=read")
                .containsPattern("expires +\\S+ \\(in 3\\d\\d\\d s\\)")
                .contains("request 3 as the emulator received it", "a NEW token")
                .contains("The emulator received 3 requests: 1 metadata read (discovery is once per provider) and 2"
                        + " token requests.")
                .doesNotContain("== symbl", "== singleview");
        assertThat(r.out()).doesNotContain(OAuth2Emulator.DEMO_CLIENT_SECRET, basic, "eyJ");
    }

    @Test
    void demoOfOAuth2ThenSignsAPrivateKeyJwtAssertionShownWithoutItsSignature() {
        Cli.Result r = Cli.run("demo", "oauth2");

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.err()).isEmpty();
        String out = r.out();
        String exchange = out.substring(out.indexOf("authenticates with private_key_jwt"));
        assertThat(exchange)
                .containsPattern("config +token-url=http://127\\.0\\.0\\.1:\\d+/oauth2/token, client-id=demo-client,"
                        + " auth-method=private_key_jwt, private-key-file=\\S+tokenkit-demo-client-key-\\d+\\.pem, scope=read")
                .contains("request 4 as the emulator received it", "POST /oauth2/token",
                        "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
                                + "&client_assertion=****")
                .containsPattern("\\(client_assertion: a JWT whose header is \\{[^}]*\"alg\":\"ES256\"[^}]*\\} and claims"
                        + " \\{[^}]*\"iss\":\"demo-client\"[^}]*\\}; its signature is not shown\\)")
                .containsPattern("token +Bearer, sha256:[0-9a-f]{8}")
                .doesNotContain("request 5", "authorization: Basic", "BEGIN PRIVATE KEY", "eyJ");
        java.util.regex.Matcher keyFile = java.util.regex.Pattern.compile("private-key-file=(\\S+\\.pem)").matcher(exchange);
        assertThat(keyFile.find()).isTrue();
        assertThat(java.nio.file.Path.of(keyFile.group(1))).as("the demo key is deleted when the demo ends").doesNotExist();
    }

    @Test
    void demoOfGoogleSignsAnAssertionShownWithoutItsSignature() {
        Cli.Result r = Cli.run("demo", "google-service-account");

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out())
                .containsPattern("config +key-file=\\S+tokenkit-demo-service-account-\\d+\\.json,"
                        + " scopes=https://www.googleapis.com/auth/cloud-platform")
                .contains("POST /token", "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=****")
                .containsPattern("\\(assertion: a JWT whose header is \\{[^}]*\"alg\":\"RS256\"[^}]*\\} and claims \\{[^}]*"
                        + "\"iss\":\"demo@tokenkit-demo\\.iam\\.gserviceaccount\\.com\"[^}]*\\}; its signature is not shown\\)")
                .containsPattern("expires +\\S+ \\(in 35\\d\\d s\\)")
                .doesNotContain("eyJ", "PRIVATE KEY");
        java.util.regex.Matcher keyFile = java.util.regex.Pattern.compile("key-file=(\\S+\\.json)").matcher(r.out());
        assertThat(keyFile.find()).isTrue();
        assertThat(java.nio.file.Path.of(keyFile.group(1))).as("the demo key file is deleted").doesNotExist();
    }

    @Test
    void demoOfOneVendor() {
        Cli.Result r = Cli.run("demo", "singleview");

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).contains("== singleview").doesNotContain("== symbl");
    }

    @Test
    void demoIgnoresTheEnvironment() {
        Cli.Result r = Cli.run(Map.of("TOKENKIT_SYMBL_APP_SECRET", "not-the-demo-secret"), "demo", "symbl");

        assertThat(r.exitCode()).as("%s", r).isZero();
    }

    @Test
    void demoOfAnUnknownVendorIsAUsageError() {
        Cli.Result r = Cli.run("demo", "acme");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).matches("tokenkit: no built-in emulator for 'acme'; demo runs symbl, singleview, oauth2 or"
                + " google-service-account;"
                + " see 'tokenkit demo --help'\\n");
    }
}
