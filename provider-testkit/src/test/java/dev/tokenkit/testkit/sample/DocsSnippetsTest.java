package dev.tokenkit.testkit.sample;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The code in docs/writing-a-provider.md is the code of the sample provider, which compiles and passes the kit. */
class DocsSnippetsTest {
    private static final Path DOC = Path.of("..", "docs", "writing-a-provider.md");
    private static final Path SOURCES = Path.of("src", "test", "java", "dev", "tokenkit", "testkit", "sample");
    private static final Pattern MARKED = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->\\n```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    @DisplayName("every marked snippet of the guide matches the compiled source")
    void snippetsMatchSources() throws IOException {
        String doc = Files.readString(DOC);
        Matcher m = MARKED.matcher(doc);
        List<String> checked = new ArrayList<>();
        while (m.find()) {
            String source = Files.readString(SOURCES.resolve(m.group(1)));
            assertThat(normalise(m.group(3))).as("snippet %s#%s", m.group(1), m.group(2))
                    .isEqualTo(normalise(region(source, m.group(2))));
            checked.add(m.group(2));
        }
        assertThat(checked).containsExactlyInAnyOrder("descriptor", "provider", "contract");
    }

    private static String region(String source, String name) {
        Matcher m = Pattern.compile("[ \\t]*// snippet:" + name + "\\n(.*?)\\n[ \\t]*// end:" + name, Pattern.DOTALL)
                .matcher(source);
        assertThat(m.find()).as("region '%s' in the source", name).isTrue();
        return m.group(1);
    }

    private static String normalise(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }
}
