package dev.tokenkit.testkit.sample;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docs render as their authors meant: parsed by commonmark (the CommonMark reference
 * implementation for Java), every fenced code block ends at a closing fence of its own, and
 * every line that looks like a heading is a heading rather than text swallowed by a code block
 * left open. A fence closed on the same line as code ({@code }```}) fails here: CommonMark does
 * not close it there, and the rest of the page becomes code. So does text after a closing fence
 * ({@code ``` More text}): a closing fence takes nothing after it, so that line is code too and
 * the block runs on to the next fence, swallowing what lies between (headings inside a plain
 * {@code ```} block, where a {@code #} line may be a shell comment, included).
 */
@DisplayName("the docs render as Markdown")
class DocsRenderingTest {
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})\\s*$");
    private static final Pattern HEADING_LIKE = Pattern.compile("^#{1,6} \\S.*");
    /** Code languages in which a line starting with '#' is ordinary (comments, directives). */
    private static final Set<String> HASH_LANGUAGES = Set.of("", "bash", "sh", "shell", "console", "text",
            "properties", "yaml", "yml", "dockerfile", "python", "toml", "ini", "conf");

    @TestFactory
    @DisplayName("every Markdown file of the project")
    Stream<DynamicTest> everyDocument() throws IOException {
        List<Path> docs = MarkdownFiles.all();
        assertThat(docs).extracting(MarkdownFiles.ROOT::relativize).map(Path::toString)
                .contains("README.md", "docs/cli.md", "docs/writing-a-provider.md", "docs/providers/symbl.md");
        return docs.stream().map(doc -> DynamicTest.dynamicTest(MarkdownFiles.ROOT.relativize(doc).toString(),
                () -> assertRenders(doc)));
    }

    @Test
    @DisplayName("the check itself fails a fence closed on the same line as code, and the heading it swallows")
    void catchesInlineFence() {
        List<String> problems = problems("# Guide\n\n```java\nclass A {\n}```\n\n## 4. Next section\n\ntext\n");
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("line 3").contains("not closed"))
                .anySatisfy(p -> assertThat(p).contains("line 7").contains("is not a heading"));
        assertThat(problems("# Guide\n\n```java\nclass A {\n}\n```\n\n## 4. Next section\n")).isEmpty();
        assertThat(problems("```bash\n# a comment\necho hi\n```\n")).isEmpty();
    }

    @Test
    @DisplayName("the check itself fails text after a closing fence, which keeps the block open over the headings below")
    void catchesTextAfterFence() {
        String doc = "# Guide\n\n```\n$ tokenkit emulate\n``` Exit code 0.\n\n## `tokenkit providers`\n\ntext\n\n```\nout\n```\n";
        assertThat(problems(doc)).anySatisfy(p -> assertThat(p).contains("line 5").contains("text after a fence"));
        assertThat(problems(doc.replace("``` Exit code 0.", "```\n\nExit code 0."))).isEmpty();
        assertThat(problems("````md\n```java\ncode\n```\n````\n")).as("a longer fence shows a shorter one").isEmpty();
    }

    @Test
    @DisplayName("the writing-a-provider guide keeps its sections as headings")
    void guideSections() throws IOException {
        List<String> headings = new ArrayList<>();
        parser().parse(Files.readString(MarkdownFiles.ROOT.resolve("docs/writing-a-provider.md"))).accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                headings.add(heading.getSourceSpans().isEmpty() ? "" : "h" + heading.getLevel());
            }
        });
        assertThat(headings).filteredOn("h2"::equals).hasSizeGreaterThanOrEqualTo(6);
    }

    private static void assertRenders(Path doc) throws IOException {
        assertThat(problems(Files.readString(doc))).as("rendering problems of %s", doc).isEmpty();
    }

    private static Parser parser() {
        return Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build();
    }

    /** What does not render as written, each naming a 1-based line. */
    static List<String> problems(String markdown) {
        String[] lines = markdown.split("\n", -1);
        Node document = parser().parse(markdown);
        List<String> problems = new ArrayList<>();
        boolean[] heading = new boolean[lines.length];
        boolean[] hashyCode = new boolean[lines.length];
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading h) {
                for (SourceSpan span : h.getSourceSpans()) {
                    heading[span.getLineIndex()] = true;
                }
            }

            @Override
            public void visit(FencedCodeBlock block) {
                List<SourceSpan> spans = block.getSourceSpans();
                int first = spans.get(0).getLineIndex();
                int last = spans.get(spans.size() - 1).getLineIndex();
                String info = block.getInfo() == null ? "" : block.getInfo().trim().split("\\s+")[0].toLowerCase();
                if (last == first || !FENCE.matcher(lines[last]).matches()) {
                    problems.add("the code block opened at line " + (first + 1) + " is not closed by a fence on a line of"
                            + " its own (it runs to line " + (last + 1) + "); put the closing ``` on its own line");
                }
                for (int i = first; i <= last; i++) {
                    hashyCode[i] = HASH_LANGUAGES.contains(info);
                }
                String fence = block.getFenceCharacter().repeat(block.getOpeningFenceLength());
                for (int i = first + 1; i < last; i++) {
                    if (lines[i].stripLeading().startsWith(fence) && lines[i].length() - lines[i].stripLeading().length() <= 3) {
                        problems.add("line " + (i + 1) + " '" + lines[i] + "' is text after a fence: it does not close the"
                                + " code block opened at line " + (first + 1) + ", which runs on to line " + (last + 1)
                                + "; put the closing " + fence + " on a line of its own and the text after it");
                    }
                }
            }
        });
        for (int i = 0; i < lines.length; i++) {
            if (HEADING_LIKE.matcher(lines[i]).matches() && !heading[i] && !hashyCode[i]) {
                problems.add("line " + (i + 1) + " '" + lines[i] + "' is not a heading when rendered (inside a code"
                        + " block or a paragraph)");
            }
        }
        return problems;
    }
}
