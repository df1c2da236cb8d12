package dev.tokenkit.emulators;

import static dev.tokenkit.emulators.OAuth2EmulatorTest.error;
import static dev.tokenkit.emulators.SymblEmulatorTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.testing.ManualClock;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GoogleServiceAccountEmulatorTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final ManualClock clock = ManualClock.create();
    private final GoogleServiceAccountEmulator google = GoogleServiceAccountEmulator.builder().clock(clock).start();
    private final Path keyFile = google.demoKeyFile().orElseThrow();

    @AfterEach
    void stop() {
        google.close();
    }

    private JsonObject key() throws Exception {
        return json(Files.readString(keyFile));
    }

    private PrivateKey privateKey() throws Exception {
        String pem = key().getString("private_key");
        String body = pem.substring(pem.indexOf('\n') + 1, pem.indexOf("-----END"));
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body)));
    }

    private JsonObjectBuilder claims() throws Exception {
        long now = clock.instant().getEpochSecond();
        return EmulatorSupport.object().add("iss", key().getString("client_email"))
                .add("scope", "https://www.googleapis.com/auth/cloud-platform")
                .add("aud", key().getString("token_uri")).add("iat", now).add("exp", now + 3600);
    }

    private HttpResponse<String> grant(String kid, JsonObjectBuilder claims) throws Exception {
        String assertion = TestJws.sign(TestJws.header("RS256", kid), claims.build(), privateKey());
        return post("grant_type=" + URLEncoder.encode(GoogleServiceAccountEmulator.GRANT_TYPE, StandardCharsets.UTF_8)
                + "&assertion=" + assertion);
    }

    private HttpResponse<String> post(String form) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(google.tokenEndpoint()).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), BodyHandlers.ofString());
    }

    @Test
    @DisplayName("the demo key file is a Google key (owner-only) whose token_uri is the emulator; it is deleted on close")
    void demoKeyFile() throws Exception {
        JsonObject key = key();
        assertThat(key.getString("type")).isEqualTo("service_account");
        assertThat(key.getString("client_email")).isEqualTo(GoogleServiceAccountEmulator.DEMO_CLIENT_EMAIL);
        assertThat(key.getString("token_uri")).isEqualTo(google.tokenEndpoint().toString());
        assertThat(key.getString("private_key")).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(google.toString()).contains(GoogleServiceAccountEmulator.DEMO_CLIENT_EMAIL)
                .doesNotContain(key.getString("private_key").substring(30, 60));
        google.close();
        assertThat(keyFile).doesNotExist();
    }

    @Test
    @DisplayName("an RS256 assertion signed with the key, kid = private_key_id: 200 with access_token, expires_in 3599, Bearer")
    void grant() throws Exception {
        HttpResponse<String> answer = grant(key().getString("private_key_id"), claims().add("sub", "user@example.com"));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonObject body = json(answer.body());
        assertThat(body.getInt("expires_in")).isEqualTo(3599);
        assertThat(body.getString("token_type")).isEqualTo("Bearer");
        assertThat(SymblEmulatorTest.jwt(body.getString("access_token"))[1].getString("sub")).isEqualTo("user@example.com");
        assertThat(google.tokensIssued()).isEqualTo(1);
        assertThat(google.server().requestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("Google's errors: invalid_grant for another kid, an expired or over-long assertion or an unknown account;"
            + " invalid_scope without scope; unsupported_grant_type")
    void errors() throws Exception {
        String kid = key().getString("private_key_id");
        assertThat(error(grant("another-key-id", claims()), 400, "invalid_grant")).contains("'kid'");
        long now = clock.instant().getEpochSecond();
        assertThat(error(grant(kid, claims().add("exp", now + 3601)), 400, "invalid_grant")).contains("over 3600 seconds");
        assertThat(error(grant(kid, claims().remove("scope")), 400, "invalid_scope")).contains("scope");
        assertThat(error(grant(kid, claims().add("iss", "other@example.iam.gserviceaccount.com")), 400, "invalid_grant"))
                .contains("account not found");
        HttpResponse<String> expiring = grant(kid, claims());
        assertThat(expiring.statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(3600 + 30));
        long later = clock.instant().getEpochSecond();
        assertThat(error(grant(kid, claims().add("iat", later - 3600).add("exp", later - 31)), 400, "invalid_grant"))
                .contains("expired");
        assertThat(error(post("grant_type=client_credentials"), 400, "unsupported_grant_type")).contains("jwt-bearer");
        assertThat(google.server().requestCount()).isEqualTo(7);
        assertThat(google.tokensIssued()).isEqualTo(1);
    }

    @Test
    @DisplayName("a registered key file's account replaces the demo one; no demo key file is written")
    void registered() throws Exception {
        try (GoogleServiceAccountEmulator other = GoogleServiceAccountEmulator.builder().serviceAccountKeyFile(keyFile)
                .start()) {
            assertThat(other.demoKeyFile()).isEmpty();
            assertThat(other.toString()).contains(GoogleServiceAccountEmulator.DEMO_CLIENT_EMAIL);
        }
    }
}
