package com.example.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.tokenkit.emulators.SymblEmulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application on a random port against the Symbl emulator on another, driven over real HTTP:
 * its own endpoint calls the protected API through declarative clients on RestClient and on WebClient, and Actuator reports
 * the source's health, state and meters.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplicationTest {
    static final SymblEmulator SYMBL = SymblEmulator.start();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void symbl(DynamicPropertyRegistry registry) {
        registry.add("symbl.url", () -> SYMBL.baseUri().toString());
        // as the operating system would set them; Spring's relaxed binding maps them to the options
        registry.add("SYMBL_APP_ID", () -> SymblEmulator.DEMO_APP_ID);
        registry.add("SYMBL_APP_SECRET", () -> SymblEmulator.DEMO_APP_SECRET);
    }

    @AfterAll
    static void stop() {
        SYMBL.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Requests to the token endpoint (the emulator answers from its cache, so tokens issued would not tell). */
    static long tokenRequests() {
        return SYMBL.server().requests().stream().filter(r -> r.path().equals(SymblEmulator.TOKEN_PATH)).count();
    }

    /** The protected API, asked through the application, knows it by the emulator's demo app id. */
    void assertWhoAmI(String path) throws Exception {
        HttpResponse<String> me = get(path);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"sub\":\"" + SymblEmulator.DEMO_APP_ID + "\"");
    }

    @Test
    @Order(1)
    void startsWithoutFetchingAndReportsUnknown() throws Exception {
        assertThat(tokenRequests()).as("start-up fetches no token").isZero();
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"tokenkit\"").contains("\"UNKNOWN\"");
        assertThat(tokenRequests()).as("a health probe fetches no token").isZero();
    }

    @Test
    @Order(2)
    void callsTheProtectedApiThroughTheDeclarativeClient() throws Exception {
        assertWhoAmI("/whoami");
        assertWhoAmI("/whoami");
        assertThat(tokenRequests()).as("one token request for both calls").isEqualTo(1);
    }

    @Test
    @Order(3)
    void callsTheProtectedApiThroughWebClient() throws Exception {
        assertWhoAmI("/whoami-reactive");
        assertThat(tokenRequests()).as("the RestClient's token, no new request").isEqualTo(1);
    }

    @Test
    @Order(4)
    void actuatorReportsTheSource() throws Exception {
        HttpResponse<String> tokenkit = get("/actuator/tokenkit");
        assertThat(tokenkit.statusCode()).isEqualTo(200);
        assertThat(tokenkit.body()).contains("\"symbl\"").contains("\"provider\":\"symbl\"")
                .contains("\"state\":\"UP\"").contains("\"refreshes\":1")
                .doesNotContain(SymblEmulator.DEMO_APP_SECRET);

        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.body()).contains("\"expiresIn\"").doesNotContain(SymblEmulator.DEMO_APP_SECRET);

        HttpResponse<String> refresh = get("/actuator/metrics/tokenkit.refresh?tag=source:symbl");
        assertThat(refresh.statusCode()).isEqualTo(200);
        assertThat(refresh.body()).contains("\"COUNT\"").contains("\"value\":1.0");
        assertThat(get("/actuator/metrics/tokenkit.token.remaining").statusCode()).isEqualTo(200);
    }
}
