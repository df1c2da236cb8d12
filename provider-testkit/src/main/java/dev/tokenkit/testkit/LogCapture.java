package dev.tokenkit.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.assertj.core.api.Assertions.fail;

/**
 * Captures what tokenkit and its providers log through {@link System.Logger} (under
 * {@code dev.tokenkit}, every level) while a check runs, instead of printing it: a contract run
 * that provokes failures on purpose prints no warnings.
 *
 * <p>Capture goes through {@code java.util.logging}, where the JDK's default
 * {@link System.LoggerFinder} sends {@code System.Logger} records. Another finder on the test
 * path (a logging library's bridge) sends them elsewhere, and nothing would be captured; so
 * {@link #records()} first logs a canary record and fails, naming the finder, when it was not
 * captured: no check concludes "nothing leaked" from a capture that saw nothing.
 */
final class LogCapture implements AutoCloseable {
    private static final String ROOT = "dev.tokenkit";
    /** The canary's logger: under the captured root, like every tokenkit and provider logger. */
    static final String CANARY_LOGGER = "dev.tokenkit.testkit.canary";

    /** A strong reference: java.util.logging holds loggers weakly, and would forget the level. */
    private final Logger root = Logger.getLogger(ROOT);
    private final Level previousLevel;
    private final boolean previousUseParentHandlers;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
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

    private LogCapture() {
        previousLevel = root.getLevel();
        previousUseParentHandlers = root.getUseParentHandlers();
        handler.setLevel(Level.ALL);
        root.setLevel(Level.ALL);
        root.setUseParentHandlers(false);
        root.addHandler(handler);
    }

    /** Starts capturing; {@link #close()} restores the logging configuration. */
    static LogCapture start() {
        return new LogCapture();
    }

    /**
     * Everything captured so far, after proving with a canary that capture works.
     *
     * @throws AssertionError when the canary was not captured
     */
    List<LogRecord> records() {
        String canary = "tokenkit testkit log-capture canary " + UUID.randomUUID();
        System.getLogger(CANARY_LOGGER).log(System.Logger.Level.DEBUG, canary);
        if (records.stream().noneMatch(r -> canary.equals(r.getMessage()))) {
            fail("log capture does not work with the installed System.LoggerFinder ("
                    + System.LoggerFinder.getLoggerFinder().getClass().getName() + "): a canary record logged through"
                    + " System.getLogger(\"" + CANARY_LOGGER + "\") was not captured, so the kit cannot see what the"
                    + " provider logs and cannot conclude that nothing leaked. The kit captures System.Logger records"
                    + " through java.util.logging, where the JDK's default LoggerFinder sends them; run this contract"
                    + " without that LoggerFinder on the test path (for example, exclude a logging library's"
                    + " System.Logger bridge such as slf4j-jdk-platform-logging or log4j-jpl from the test scope)");
        }
        return records.stream().filter(r -> r.getMessage() == null || !r.getMessage().startsWith(
                "tokenkit testkit log-capture canary ")).toList();
    }

    /**
     * Each captured record as a reader of the log could see it: formatted, each parameter, and its
     * exception printed; after the canary, as {@link #records()}.
     */
    List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (LogRecord record : records()) {
            texts.add(new SimpleFormatter().format(record));
            if (record.getParameters() != null) {
                for (Object p : record.getParameters()) {
                    texts.add(String.valueOf(p));
                }
            }
            if (record.getThrown() != null) {
                texts.add(Printed.stackTrace(record.getThrown()));
            }
        }
        return texts;
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        root.setUseParentHandlers(previousUseParentHandlers);
        root.setLevel(previousLevel);
    }
}
