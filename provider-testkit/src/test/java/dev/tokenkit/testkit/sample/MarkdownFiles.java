package dev.tokenkit.testkit.sample;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Every Markdown file of the repository (README, docs, examples, benchmark results…), build output aside. */
final class MarkdownFiles {
    /** The repository's root, seen from this module's directory. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Directories that hold no project documents: build output, VCS and tool state. */
    private static final Set<String> SKIPPED = Set.of("target", ".git", ".mvn", "node_modules", ".idea");

    private MarkdownFiles() {
    }

    /** The files, sorted; at least README.md and the docs. */
    static List<Path> all() throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(ROOT) && SKIPPED.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.getFileName().toString().endsWith(".md")) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        return files;
    }
}
