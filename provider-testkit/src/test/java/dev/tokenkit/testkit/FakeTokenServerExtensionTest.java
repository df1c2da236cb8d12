package dev.tokenkit.testkit;

import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.FakeTokenServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@ExtendWith(FakeTokenServerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FakeTokenServerExtensionTest {
    private static final List<URI> SEEN = new ArrayList<>();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private FakeTokenServer fromBeforeEach;

    @BeforeEach
    void remember(FakeTokenServer server) {
        fromBeforeEach = server;
    }

    @Test
    @Order(1)
    @DisplayName("injects a running server, the same one into @BeforeEach and the test")
    void injects(FakeTokenServer server) throws Exception {
        assertThat(server).isSameAs(fromBeforeEach);
        server.enqueue(FakeResponse.ok("{\"ok\":true}"));
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/t")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        SEEN.add(server.baseUri());
    }

    @Test
    @Order(2)
    @DisplayName("gives each test a fresh server and closes the previous one")
    void freshPerTest(FakeTokenServer server) {
        assertThat(SEEN).hasSize(1);
        assertThat(server.baseUri()).isNotEqualTo(SEEN.get(0));
        assertThat(server.requestCount()).isZero();
        Throwable t = catchThrowable(() -> CLIENT.send(HttpRequest.newBuilder(URI.create(SEEN.get(0) + "/t")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(t).as("the first test's server is closed").isInstanceOf(ConnectException.class);
        SEEN.add(server.baseUri());
    }

    @AfterAll
    static void bothRan() {
        assertThat(SEEN).hasSize(2);
    }
}
