package dev.tokenkit.client.spring;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.core.SpringVersion;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Each run of these tests runs on the Spring Framework the build says: 7 in the first, 6.2 in the second (spring62). */
class SpringVersionTest {
    @Test
    @DisplayName("the Spring Framework on the class path is the one this run is for")
    void runsOnTheSpringItSays() {
        String expected = System.getProperty("tests.spring.version");
        assertThat(expected).as("the system property tests.spring.version, set by the pom").isNotBlank();
        assertThat(SpringVersion.getVersion()).as("spring-core's version").isEqualTo(expected);
        assertThat(RestClient.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .as("spring-web's jar").endsWith("/spring-web-" + expected + ".jar");
    }
}
