package dev.tokenkit.testsupport;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks that an exception never shows a secret or token value. */
public final class Leaks {
    private Leaks() {
    }

    /** Everything a log line could show of the exception: message, toString and full stack trace. */
    public static String everythingPrinted(Throwable t) {
        StringWriter out = new StringWriter();
        try (PrintWriter pw = new PrintWriter(out)) {
            t.printStackTrace(pw);
        }
        return t.getMessage() + "\n" + t + "\n" + out;
    }

    public static void assertNoLeak(Throwable t, String... values) {
        String printed = everythingPrinted(t);
        for (String v : values) {
            assertThat(printed).as("printed exception must not contain a secret or token value")
                    .doesNotContain(v);
        }
    }
}
