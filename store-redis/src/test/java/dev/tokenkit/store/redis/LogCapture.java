package dev.tokenkit.store.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Records what one logger (System.Logger on its default java.util.logging backend) writes. */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<LogRecord> records = new ArrayList<>();

    private LogCapture(String name) {
        this.logger = Logger.getLogger(name);
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    static LogCapture of(Class<?> type) {
        return new LogCapture(type.getName());
    }

    /** Each record formatted as the default formatter would (parameters filled in, stack traces included). */
    synchronized List<String> lines(Level atLeast) {
        SimpleFormatter f = new SimpleFormatter();
        List<String> out = new ArrayList<>();
        for (LogRecord r : records) {
            if (r.getLevel().intValue() >= atLeast.intValue()) {
                out.add(f.format(r));
            }
        }
        return out;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
