package dev.tokenkit.testkit.sample;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link and image of every Markdown file of the repository resolves: the file or
 * directory exists in the repository, and a {@code #fragment} into a Markdown file names one of
 * its headings, slugged as GitHub slugs them (lower case; letters, digits, {@code -} and
 * {@code _} kept, spaces to {@code -}, everything else dropped; a repeated slug gains
 * {@code -1}, {@code -2}…). Links with a scheme ({@code https:}, {@code mailto:}) are not
 * followed. A link that leaves the repository fails too: a reader of the repository cannot follow
 * it.
 */
@DisplayName("the docs' relative links resolve")
class DocsLinksTest {
    private static final Parser PARSER = Parser.builder().build();

    @TempDir
    Path dir;

    @TestFactory
    @DisplayName("every Markdown file of the project")
    Stream<DynamicTest> everyDocument() throws IOException {
        return MarkdownFiles.all().stream().map(doc -> DynamicTest.dynamicTest(
                MarkdownFiles.ROOT.relativize(doc).toString(),
                () -> assertThat(broken(doc, MarkdownFiles.ROOT)).as("broken links in %s", doc).isEmpty()));
    }

    @Test
    @DisplayName("the check itself fails a missing file, a missing anchor and a link out of the repository")
    void catchesBrokenLinks() throws IOException {
        Files.createDirectories(dir.resolve("docs/providers"));
        Files.writeString(dir.resolve("docs/providers/symbl.md"), "# Symbl\n\n## What Symbl documents\n\n## Options\n\n## Options\n");
        Path doc = Files.writeString(dir.resolve("docs/guide.md"), """
                # The `tokenkit` guide: 1, 2 & 3

                [ok](providers/symbl.md#what-symbl-documents), [second](providers/symbl.md#options-1),
                [self](#the-tokenkit-guide-1-2--3), [dir](providers/), [web](https://example.com/x.md#nothing),
                [design](../DESIGN.md), [vendor](providers/vendor-docs/symbl.txt), [anchor](providers/symbl.md#design),
                [outside](../../etc/passwd), ![img](img/none.png), [mail](mailto:a@b.c)
                """);
        assertThat(broken(doc, dir)).containsExactly(
                "line 5: ../DESIGN.md: no such file",
                "line 5: providers/vendor-docs/symbl.txt: no such file",
                "line 5: providers/symbl.md#design: no heading has the anchor 'design'",
                "line 6: ../../etc/passwd leaves the repository",
                "line 6: img/none.png: no such file");
    }

    /** The broken relative links of one document, each with its line. */
    static List<String> broken(Path doc, Path root) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        Node document = Parser.builder().includeSourceSpans(org.commonmark.parser.IncludeSourceSpans.BLOCKS_AND_INLINES)
                .build().parse(Files.readString(doc));
        List<Node> links = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                links.add(link);
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                links.add(image);
            }
        });
        for (Node node : links) {
            String destination = node instanceof Link l ? l.getDestination() : ((Image) node).getDestination();
            String line = "line " + (node.getSourceSpans().isEmpty() ? "?" : node.getSourceSpans().get(0).getLineIndex() + 1);
            if (hasScheme(destination) || destination.startsWith("//")) {
                continue;
            }
            int hash = destination.indexOf('#');
            String pathPart = hash < 0 ? destination : destination.substring(0, hash);
            String fragment = hash < 0 ? null : destination.substring(hash + 1);
            Path target = pathPart.isEmpty() ? doc
                    : doc.getParent().resolve(URLDecoder.decode(pathPart.replace("+", "%2B"), StandardCharsets.UTF_8)).normalize();
            if (!target.startsWith(root)) {
                problems.add(line + ": " + destination + " leaves the repository");
            } else if (!Files.exists(target)) {
                problems.add(line + ": " + destination + ": no such file");
            } else if (fragment != null && target.toString().endsWith(".md")
                    && !anchors.computeIfAbsent(target, DocsLinksTest::anchors).contains(fragment)) {
                problems.add(line + ": " + destination + ": no heading has the anchor '" + fragment + "'");
            }
        }
        return problems;
    }

    private static boolean hasScheme(String destination) {
        int colon = destination.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            char c = destination.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return Character.isLetter(destination.charAt(0));
    }

    /** The anchors GitHub gives the headings of a Markdown file. */
    private static Set<String> anchors(Path markdown) {
        Node document;
        try {
            document = PARSER.parse(Files.readString(markdown));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                String slug = slug(text(heading));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        });
        return anchors;
    }

    private static String text(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code code) {
                text.append(code.getLiteral());
            }
        });
        return text.toString();
    }

    /** GitHub's heading slug. */
    static String slug(String heading) {
        StringBuilder slug = new StringBuilder(heading.length());
        for (int i = 0; i < heading.length(); ) {
            int c = heading.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.append(new String(Character.toChars(c)).toLowerCase(Locale.ROOT));
            } else if (c == ' ') {
                slug.append('-');
            }
        }
        return slug.toString();
    }
}
