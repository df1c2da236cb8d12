package dev.tokenkit.cli;

import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * tokenkit logs through {@link System.Logger}, which on a plain JDK goes to
 * {@code java.util.logging}, whose console handler prints warnings with stack traces. The command
 * line reports errors itself, on one line, so for the duration of a run it silences the
 * {@code dev.tokenkit} loggers; with {@code --verbose} it shows everything they log (debug
 * included) on the error stream instead. The previous set-up is restored on {@link #close()}.
 */
final class CliLogging implements AutoCloseable {
    private final Logger logger;
    private final Level previousLevel;
    private final boolean previousUseParentHandlers;
    private final Handler handler;

    private CliLogging(Logger logger, Handler handler) {
        this.logger = logger;
        this.previousLevel = logger.getLevel();
        this.previousUseParentHandlers = logger.getUseParentHandlers();
        this.handler = handler;
    }

    static CliLogging install(boolean verbose, PrintStream err) {
        // a strong reference is held for the run: java.util.logging keeps loggers weakly
        Logger logger = Logger.getLogger("dev.tokenkit");
        Handler handler = verbose ? new StreamHandler(err) : null;
        CliLogging logging = new CliLogging(logger, handler);
        logger.setUseParentHandlers(false);
        if (handler == null) {
            logger.setLevel(Level.OFF);
        } else {
            logger.setLevel(Level.ALL);
            logger.addHandler(handler);
        }
        return logging;
    }

    @Override
    public void close() {
        if (handler != null) {
            handler.flush();
            logger.removeHandler(handler);
        }
        logger.setLevel(previousLevel);
        logger.setUseParentHandlers(previousUseParentHandlers);
    }

    /** Prints records as {@code tokenkit: [LEVEL] logger: message} plus the stack trace, if any. */
    private static final class StreamHandler extends Handler {
        private final PrintStream err;
        private final Formatter formatter = new Formatter() {
            @Override
            public String format(LogRecord record) {
                return formatMessage(record);
            }
        };

        StreamHandler(PrintStream err) {
            this.err = err;
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            err.println("tokenkit: [" + record.getLevel().getName() + "] " + record.getLoggerName() + ": "
                    + formatter.format(record));
            if (record.getThrown() != null) {
                record.getThrown().printStackTrace(err);
            }
        }

        @Override
        public void flush() {
            err.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
