package dev.tokenkit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import dev.tokenkit.client.spring.TokenClientHttpRequestInterceptor;
import dev.tokenkit.emulators.SymblEmulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.service.ReactiveHttpServiceClientAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.HttpServiceGroup;
import org.springframework.web.service.registry.ImportHttpServices;

import reactor.core.publisher.Mono;

/**
 * The token on the clients of the HTTP service groups a source names, RestClient and WebClient,
 * and on no other group: over the Symbl emulator's protected API, which answers 401 without a token.
 */
class HttpServiceGroupsTest {
    SymblEmulator symbl;

    @BeforeEach
    void start() {
        symbl = SymblEmulator.start();
    }

    @AfterEach
    void stop() {
        symbl.close();
    }

    /** Requests to the token endpoint (the emulator answers from its cache, so tokens issued would not tell). */
    long tokenRequests() {
        return symbl.server().requests().stream().filter(r -> r.path().equals(SymblEmulator.TOKEN_PATH)).count();
    }

    interface Me {
        @GetExchange("/api/me")
        Map<String, Object> me();
    }

    interface ReactiveMe {
        @GetExchange("/api/me")
        Mono<Map<String, Object>> me();
    }

    interface Anonymous {
        @GetExchange("/api/me")
        Map<String, Object> me();
    }

    @Configuration(proxyBeanMethods = false)
    @ImportHttpServices(group = "symbl-api", types = Me.class)
    @ImportHttpServices(group = "symbl-reactive", types = ReactiveMe.class, clientType = HttpServiceGroup.ClientType.WEB_CLIENT)
    @ImportHttpServices(group = "other", types = Anonymous.class)
    static class Services {
    }

    ApplicationContextRunner runner() {
        String base = symbl.baseUri().toString();
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TokenkitAutoConfiguration.class, HttpClientAutoConfiguration.class,
                        ImperativeHttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
                        HttpServiceClientPropertiesAutoConfiguration.class, RestClientAutoConfiguration.class,
                        HttpServiceClientAutoConfiguration.class, WebClientAutoConfiguration.class,
                        ReactiveHttpServiceClientAutoConfiguration.class))
                .withUserConfiguration(Services.class)
                .withPropertyValues("tokenkit.sources.symbl.provider=symbl",
                        "tokenkit.sources.symbl.options.base-url=" + base,
                        "tokenkit.sources.symbl.options.app-id=" + SymblEmulator.DEMO_APP_ID,
                        "tokenkit.sources.symbl.options.app-secret=" + SymblEmulator.DEMO_APP_SECRET,
                        "spring.http.serviceclient.symbl-api.base-url=" + base,
                        "spring.http.serviceclient.symbl-reactive.base-url=" + base,
                        "spring.http.serviceclient.other.base-url=" + base);
    }

    @Test
    void theNamedGroupsCarryTheTokenAndNoOtherDoes() {
        runner().withPropertyValues("tokenkit.sources.symbl.http-service-groups=symbl-api,symbl-reactive").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Me.class).me()).containsEntry("sub", SymblEmulator.DEMO_APP_ID);
            assertThat(context.getBean(ReactiveMe.class).me().block(Duration.ofSeconds(30)))
                    .containsEntry("sub", SymblEmulator.DEMO_APP_ID);
            assertThat(tokenRequests()).as("one token request for both groups").isEqualTo(1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> context.getBean(Anonymous.class).me())
                    .isInstanceOf(HttpClientErrorException.Unauthorized.class);
        });
    }

    @Test
    void theInterceptorBeanPutsTheTokenOnARestClient() {
        runner().run(context -> {
            RestClient client = RestClient.builder().baseUrl(symbl.baseUri().toString())
                    .requestInterceptor(context.getBean("symblTokenInterceptor", TokenClientHttpRequestInterceptor.class))
                    .build();
            assertThat(client.get().uri("/api/me").retrieve().body(String.class)).contains("\"sub\":\"" + SymblEmulator.DEMO_APP_ID + "\"");
        });
    }

    @Test
    void aGroupTheApplicationDoesNotDeclareFailsStartUp() {
        runner().withPropertyValues("tokenkit.sources.symbl.http-service-groups=symbl-apj").run(context -> {
            assertThat(context).hasFailed();
            assertThat(FailureAnalysisTest.analyze(context.getStartupFailure()).getAction())
                    .contains("tokenkit.sources.symbl.http-service-groups");
        });
    }

    @Test
    void twoSourcesOnOneGroupFailStartUp() {
        runner().withPropertyValues("tokenkit.sources.symbl.http-service-groups=symbl-api",
                "tokenkit.sources.again.provider=symbl",
                "tokenkit.sources.again.options.app-id=x", "tokenkit.sources.again.options.app-secret=y",
                "tokenkit.sources.again.http-service-groups=symbl-api").run(context -> {
            assertThat(context).hasFailed();
            assertThat(FailureAnalysisTest.analyze(context.getStartupFailure()).getDescription())
                    .contains("'symbl' and 'again'").contains("symbl-api");
        });
    }
}
