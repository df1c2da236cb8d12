package dev.tokenkit.testkit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures, while open, every record tokenkit logs: {@code System.Logger} output under
 * {@code dev.tokenkit}, through its default {@code java.util.logging} backend, at every level.
 * The kits read it to prove that no secret or token reaches a log.
 */
final class LogCapture implements AutoCloseable {
    private static final String ROOT = "dev.tokenkit";

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger(ROOT);
    private final Level previousLevel = root.getLevel();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LogCapture() {
        root.setLevel(Level.ALL);
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
    }

    /** The records captured so far. */
    List<LogRecord> records() {
        return records;
    }

    /** Each record as a reader of the log could see it: formatted, its parameters, its exception printed. */
    List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (LogRecord record : records) {
            texts.add(new SimpleFormatter().format(record));
            if (record.getParameters() != null) {
                for (Object p : record.getParameters()) {
                    texts.add(String.valueOf(p));
                }
            }
            if (record.getThrown() != null) {
                texts.add(printed(record.getThrown()));
            }
        }
        return texts;
    }

    /** A throwable as a stack trace print shows it, causes and suppressed included. */
    static String printed(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        root.setLevel(previousLevel);
    }
}
