package dev.tokenkit.testkit.sample;

import dev.tokenkit.testkit.docs.MarkdownSnippets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The code in docs/writing-a-provider.md is the code of the sample provider, which compiles and passes the kit. */
class DocsSnippetsTest {
    private static final Path DOC = Path.of("..", "docs", "writing-a-provider.md");
    private static final Path SOURCES = Path.of("src", "test", "java", "dev", "tokenkit", "testkit", "sample");

    @Test
    @DisplayName("every marked snippet of the guide matches the compiled source")
    void snippetsMatchSources() {
        assertThat(MarkdownSnippets.check(DOC, SOURCES)).containsExactlyInAnyOrder("descriptor", "provider",
                "signed-request", "signed-inspect", "contract");
    }

    @Test
    @DisplayName("the guide states the sample's true length")
    void statedLength() throws IOException {
        Matcher stated = Pattern.compile("is one file of (\\d+) lines").matcher(Files.readString(DOC));
        assertThat(stated.find()).as("the guide states the sample's length as 'is one file of N lines'").isTrue();
        assertThat(Integer.parseInt(stated.group(1)))
                .isEqualTo(Files.readAllLines(SOURCES.resolve("SampleTokenProviderFactory.java")).size());
    }
}
