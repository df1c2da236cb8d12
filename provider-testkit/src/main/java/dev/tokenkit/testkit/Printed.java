package dev.tokenkit.testkit;

import java.io.PrintWriter;
import java.io.StringWriter;

/** How an exception looks when a program prints it: the place secrets must never show up. */
final class Printed {
    private Printed() {
    }

    /** The full stack trace as {@link Throwable#printStackTrace()} prints it, causes and suppressed included. */
    static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
