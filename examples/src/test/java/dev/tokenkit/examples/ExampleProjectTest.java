package dev.tokenkit.examples;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guide shows the example project's files as they are, and the example builds against this
 * build's version: what a third party copies from docs/writing-a-provider.md is what
 * {@code AcmeProviderBuildTest} proves to work.
 */
class ExampleProjectTest {
    private static final Path ROOT = Path.of("..");
    private static final Path GUIDE = ROOT.resolve("docs/writing-a-provider.md");
    private static final Path POM = ROOT.resolve("examples/acme-provider/pom.xml");
    private static final Path MODULE_INFO = ROOT.resolve("examples/acme-provider/src/main/java/module-info.java");
    /** A fence that shows a whole file: {@code <!-- file: PATH -->}, the opening fence, the file, a closing fence on a line of its own. */
    private static final Pattern WHOLE_FILE = Pattern.compile("<!-- file: (\\S+) -->\\n```[a-z]*\\n(.*?\\n)```\\n", Pattern.DOTALL);

    /** Path (from the repository root) to the content of the fence that shows it. */
    private static Map<String, String> filesShown() throws Exception {
        Map<String, String> shown = new LinkedHashMap<>();
        Matcher m = WHOLE_FILE.matcher(Files.readString(GUIDE));
        while (m.find()) {
            assertThat(shown.put(m.group(1), m.group(2))).as("a second fence showing %s", m.group(1)).isNull();
        }
        return shown;
    }

    private static String property(Path pom, String name) throws Exception {
        Element properties = (Element) DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile())
                .getDocumentElement().getElementsByTagName("properties").item(0);
        assertThat(properties).as("<properties> of %s", pom).isNotNull();
        return properties.getElementsByTagName(name).item(0).getTextContent().trim();
    }

    @Test
    @DisplayName("the guide shows the example's pom and module-info byte for byte")
    void guideShowsTheExampleFiles() throws Exception {
        Map<String, String> shown = filesShown();

        assertThat(shown).containsOnlyKeys("examples/acme-provider/pom.xml", "examples/acme-provider/src/main/java/module-info.java");
        assertThat(shown.get("examples/acme-provider/pom.xml")).isEqualTo(Files.readString(POM));
        assertThat(shown.get("examples/acme-provider/src/main/java/module-info.java")).isEqualTo(Files.readString(MODULE_INFO));
    }

    @Test
    @DisplayName("the README states the true length of the example's provider")
    void readmeStatesTheLength() throws Exception {
        Matcher m = Pattern.compile("client-credentials endpoint \\((\\d+) lines;").matcher(Files.readString(ROOT.resolve("README.md")));
        Path provider = ROOT.resolve("examples/acme-provider/src/main/java/com/acme/tokenkit/AcmeTokenProviderFactory.java");

        assertThat(m.find()).as("'(N lines;' after 'client-credentials endpoint' in README.md").isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("lines of %s", provider).isEqualTo(Files.readAllLines(provider).size());
    }

    @Test
    @DisplayName("the example's pom asks for the version of tokenkit this build makes")
    void exampleUsesThisVersion() throws Exception {
        assertThat(property(POM, "tokenkit.version")).as("tokenkit.version in %s", POM)
                .isEqualTo(System.getProperty("tokenkit.version"));
    }

    @Test
    @DisplayName("the BOM manages the auto-service version tokenkit's own providers are built with")
    void bomManagesAutoService() throws Exception {
        assertThat(property(ROOT.resolve("auth-bom/pom.xml"), "auto-service.version")).as("auto-service.version in auth-bom")
                .isEqualTo(System.getProperty("auto-service.version"));
    }
}
