package dev.tokenkit.testkit.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the code in Markdown documents honest: a Java block marked in the document with
 * {@code <!-- snippet: File.java#name -->} on the line before its opening fence, and closed by a
 * fence on a line of its own, must equal, line for line (indentation and blank lines aside), the
 * region of {@code File.java} between the comments {@code // snippet:name} and
 * {@code // end:name}. The file is a test source that compiles and runs, so the document shows
 * code that works.
 *
 * <pre>{@code
 * assertThat(MarkdownSnippets.check(Path.of("..", "docs", "integrations.md"), Path.of("src", "test", "java")))
 *         .containsExactlyInAnyOrder("okhttp", "okhttp-async");
 * }</pre>
 */
public final class MarkdownSnippets {
    private static final Pattern MARKED = Pattern.compile(
            "<!-- snippet: (\\S+)#(\\S+) -->\\n```java\\n(.*?)\\n```[ \\t]*(?:\\n|$)", Pattern.DOTALL);

    private MarkdownSnippets() {
    }

    /**
     * Checks every marked snippet of the document whose file is found under {@code sources} (a
     * document may show snippets of several modules; each module checks its own).
     *
     * @param markdown the document
     * @param sources  the directory the snippets' file names are relative to
     * @return the names of the snippets checked, in document order
     * @throws AssertionError when a snippet differs from its region, or a region is missing
     */
    public static List<String> check(Path markdown, Path sources) {
        String doc = read(markdown);
        Matcher m = MARKED.matcher(doc);
        List<String> checked = new ArrayList<>();
        while (m.find()) {
            Path file = sources.resolve(m.group(1));
            if (!Files.exists(file)) {
                continue;
            }
            assertThat(normalise(m.group(3))).as("snippet %s#%s of %s", m.group(1), m.group(2), markdown)
                    .isEqualTo(normalise(region(read(file), m.group(2))));
            checked.add(m.group(2));
        }
        return checked;
    }

    private static String region(String source, String name) {
        Matcher m = Pattern.compile("[ \\t]*// snippet:" + Pattern.quote(name) + "\\n(.*?)\\n[ \\t]*// end:"
                + Pattern.quote(name), Pattern.DOTALL).matcher(source);
        assertThat(m.find()).as("region '%s' in the source", name).isTrue();
        return m.group(1);
    }

    private static String normalise(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
