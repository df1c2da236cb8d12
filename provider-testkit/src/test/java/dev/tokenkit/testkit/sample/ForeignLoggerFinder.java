package dev.tokenkit.testkit.sample;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * A {@link System.LoggerFinder} like a logging library's bridge: it sends every {@code System.Logger}
 * record to a backend of its own (here, standard error), not to {@code java.util.logging}.
 * {@link ForeignLoggerFinderRun} installs it in a JVM of its own, where the contract must refuse to
 * conclude that nothing leaked.
 */
public final class ForeignLoggerFinder extends System.LoggerFinder {
    /** The prefix of every line the foreign backend writes. */
    static final String PREFIX = "foreign-backend: ";

    /** Created by ServiceLoader. */
    public ForeignLoggerFinder() {
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new System.Logger() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public boolean isLoggable(Level level) {
                return true;
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
                System.err.println(PREFIX + level + " " + name + " " + msg);
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String format, Object... params) {
                System.err.println(PREFIX + level + " " + name + " "
                        + (params == null || params.length == 0 ? format : MessageFormat.format(format, params)));
            }

            @Override
            public void log(Level level, Supplier<String> msgSupplier) {
                System.err.println(PREFIX + level + " " + name + " " + msgSupplier.get());
            }
        };
    }
}
