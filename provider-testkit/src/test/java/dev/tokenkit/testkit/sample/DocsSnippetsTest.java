package dev.tokenkit.testkit.sample;

import dev.tokenkit.testkit.MarkdownSnippets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The code in docs/writing-a-provider.md is the code of the sample provider, which compiles and passes the kit. */
class DocsSnippetsTest {
    private static final Path DOC = Path.of("..", "docs", "writing-a-provider.md");
    private static final Path SOURCES = Path.of("src", "test", "java", "dev", "tokenkit", "testkit", "sample");

    @Test
    @DisplayName("every marked snippet of the guide matches the compiled source")
    void snippetsMatchSources() {
        assertThat(MarkdownSnippets.check(DOC, SOURCES)).containsExactlyInAnyOrder("descriptor", "provider", "contract");
    }
}
