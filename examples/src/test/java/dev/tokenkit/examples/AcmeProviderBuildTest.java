package dev.tokenkit.examples;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the build of examples/acme-provider ran, read from its surefire report after
 * maven-invoker-plugin built it: the contract, on the module path, against this build's artifacts,
 * with every check run and passed. A build that ran no test, skipped the module checks or took a
 * tokenkit artifact from anywhere but target/it-repo fails here.
 */
class AcmeProviderBuildTest {
    private static final Path PROJECT = Path.of(System.getProperty("examples.it"), "acme-provider");
    private static final Path IT_REPO = Path.of(System.getProperty("examples.it")).resolveSibling("it-repo");
    private static final Path REPORT = PROJECT.resolve("target/surefire-reports/TEST-com.acme.tokenkit.AcmeProviderContractTest.xml");
    private static SurefireReport report;

    @BeforeAll
    static void readReport() throws Exception {
        try (Stream<Path> files = Files.list(REPORT.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("TEST-")))
                    .as("surefire reports of the inner build").containsExactly(REPORT.getFileName().toString());
        }
        report = SurefireReport.read(REPORT);
    }

    private static List<Element> elements(String tag) {
        return report.elements(tag);
    }

    private static List<String> pathProperty(String name) {
        return report.pathProperty(name);
    }

    @Test
    @DisplayName("the contract ran: at least 70 checks, none failed, none skipped")
    void contractRan() {
        List<Element> cases = elements("testcase");
        System.out.println("examples/acme-provider: " + cases.size() + " tests in " + REPORT);

        assertThat(cases).as("tests run by the inner build (a silent zero must fail)").hasSizeGreaterThanOrEqualTo(70);
        assertThat(elements("failure")).as("failed tests").isEmpty();
        assertThat(elements("error")).as("tests in error").isEmpty();
        assertThat(elements("skipped")).as("skipped tests: the module checks must run").isEmpty();
        assertThat(cases).extracting(c -> c.getAttribute("name"))
                .contains("registered", "registrationsAgree", "foundOnModulePath", "oneRequestInVendorFormat");
    }

    @Test
    @DisplayName("the provider's module and tokenkit's ran on the module path")
    void ranOnTheModulePath() {
        List<String> modulePath = pathProperty("jdk.module.path");

        assertThat(modulePath).as("jdk.module.path of the inner build's tests").isNotEmpty();
        assertThat(Path.of(modulePath.get(0))).isEqualTo(PROJECT.resolve("target/classes"));
        assertThat(modulePath).anyMatch(p -> p.endsWith("auth-core-" + System.getProperty("tokenkit.version") + ".jar"));
    }

    @Test
    @DisplayName("every tokenkit artifact came from target/it-repo, where this build installed it")
    void tokenkitFromThisBuild() {
        List<String> paths = new ArrayList<>(pathProperty("jdk.module.path"));
        paths.addAll(pathProperty("java.class.path"));
        List<String> tokenkit = paths.stream().filter(p -> p.contains(File.separator + "dev" + File.separator + "tokenkit" + File.separator)).toList();

        assertThat(tokenkit).as("tokenkit artifacts on the inner build's paths")
                .anyMatch(p -> p.contains("provider-testkit")).allMatch(p -> Path.of(p).startsWith(IT_REPO));
    }
}
