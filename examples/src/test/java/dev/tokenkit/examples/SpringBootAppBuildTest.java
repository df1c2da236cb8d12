package dev.tokenkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;


import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * What the build of examples/spring-boot-app ran, read from its surefire report after
 * maven-invoker-plugin built it: the application over real HTTP against the Symbl emulator, every
 * test run and passed, with tokenkit's artifacts from this build. The application itself holds no
 * tokenkit code: its sources name no tokenkit type.
 */
class SpringBootAppBuildTest {
    private static final Path PROJECT = Path.of(System.getProperty("examples.it"), "spring-boot-app");
    private static final Path IT_REPO = Path.of(System.getProperty("examples.it")).resolveSibling("it-repo");
    private static final Path REPORT = PROJECT.resolve("target/surefire-reports/TEST-com.example.tokens.ApplicationTest.xml");
    private static SurefireReport report;

    @BeforeAll
    static void readReport() throws Exception {
        report = SurefireReport.read(REPORT);
    }

    private static List<Element> elements(String tag) {
        return report.elements(tag);
    }

    @Test
    @DisplayName("the application's tests ran over HTTP: all four, none failed, none skipped")
    void applicationTestsRan() {
        assertThat(elements("testcase")).extracting(c -> c.getAttribute("name")).contains(
                "startsWithoutFetchingAndReportsUnknown", "callsTheProtectedApiThroughTheDeclarativeClient",
                "callsTheProtectedApiThroughWebClient",
                "actuatorReportsTheSource");
        assertThat(elements("failure")).as("failed tests").isEmpty();
        assertThat(elements("error")).as("tests in error").isEmpty();
        assertThat(elements("skipped")).as("skipped tests").isEmpty();
    }

    @Test
    @DisplayName("every tokenkit artifact came from target/it-repo, where this build installed it")
    void tokenkitFromThisBuild() {
        List<String> tokenkit = report.pathProperty("java.class.path").stream()
                .filter(p -> p.contains(File.separator + "dev" + File.separator + "tokenkit" + File.separator)).toList();
        assertThat(tokenkit).as("tokenkit artifacts on the application's class path")
                .anyMatch(p -> p.contains("tokenkit-spring-boot-autoconfigure"))
                .allMatch(p -> Path.of(p).startsWith(IT_REPO));
    }

    @Test
    @DisplayName("the application's main sources hold no tokenkit wiring: no tokenkit type is named")
    void noTokenkitCode() throws Exception {
        try (Stream<Path> files = Files.walk(PROJECT.resolve("src/main/java"))) {
            List<Path> sources = files.filter(f -> f.toString().endsWith(".java")).toList();
            assertThat(sources).isNotEmpty();
            for (Path f : sources) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain("dev.tokenkit").doesNotContain("tokenkit");
            }
        }
    }
}
