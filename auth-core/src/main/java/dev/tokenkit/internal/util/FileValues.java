package dev.tokenkit.internal.util;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * Option values that may be read from a file, so that a secret stays out of a command line or a
 * configuration string: {@code @FILE} is the file's UTF-8 content with one trailing line break
 * dropped, {@code @@…} stands for a value that starts with {@code @}, anything else is the value.
 * The command line's {@code -c key=@FILE} and Kafka's JAAS options read values this way.
 */
public final class FileValues {
    private FileValues() {
    }

    /**
     * The value {@code raw} stands for.
     *
     * @param raw        the value as written
     * @param unreadable the error for a file that cannot be read: given the file and a description
     *                   of the problem that never quotes the file's content
     * @return the value
     */
    public static String resolve(String raw, BiFunction<Path, String, ? extends RuntimeException> unreadable) {
        if (raw.startsWith("@@")) {
            return raw.substring(1);
        }
        if (!raw.startsWith("@")) {
            return raw;
        }
        Path file = Path.of(raw.substring(1));
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw unreadable.apply(file, problem(e));
        }
        if (content.endsWith("\r\n")) {
            return content.substring(0, content.length() - 2);
        }
        return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    }

    /**
     * Describes an I/O problem without quoting a file's content.
     *
     * @param e the problem
     * @return e.g. {@code no such file}
     */
    public static String problem(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        return e.getClass().getSimpleName();
    }
}
