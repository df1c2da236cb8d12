package dev.tokenkit.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * The error stream of a run: everything written to it (tokenkit's messages, picocli's, warnings,
 * {@code --verbose} stack traces and log records) passes through the mask one line at a time, so
 * no error path can print a secret by forgetting to mask it. A line is written when it is complete;
 * {@link #finish()} writes a last line without a line break.
 */
final class MaskedStream extends OutputStream {
    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private volatile UnaryOperator<String> mask = UnaryOperator.identity();

    private MaskedStream(PrintStream target) {
        this.target = target;
    }

    /** A stream whose lines go to {@code target} masked; set the mask with {@link #maskWith}. */
    static MaskedStream over(PrintStream target) {
        return new MaskedStream(target);
    }

    /** A print stream (UTF-8, flushing on line breaks) writing into this stream. */
    PrintStream printStream() {
        return new PrintStream(this, true, StandardCharsets.UTF_8);
    }

    void maskWith(UnaryOperator<String> mask) {
        this.mask = mask;
    }

    @Override
    public void write(int b) {
        String complete = null;
        synchronized (line) {
            line.write(b);
            if (b == '\n') {
                complete = take();
            }
        }
        if (complete != null) {
            emit(complete);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    /** Writes what is left of the last line. */
    void finish() {
        String rest;
        synchronized (line) {
            rest = line.size() == 0 ? null : take();
        }
        if (rest != null) {
            emit(rest);
        }
        target.flush();
    }

    @Override
    public void flush() {
        target.flush();
    }

    private String take() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        return text;
    }

    private void emit(String text) {
        target.print(mask.apply(text));
        target.flush();
    }

    @Override
    public void close() throws IOException {
        finish();
    }
}
