package dev.tokenkit.interop.sas;

import dev.tokenkit.cli.TokenkitCli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The {@code tokenkit} command line run in-process, its streams captured. */
record TokenkitCommand(int exitCode, String out, String err) {

    /** Runs {@code tokenkit args} with only {@code environment} as its environment. */
    static TokenkitCommand run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = TokenkitCli.run(args, outStream, errStream, environment);
        }
        return new TokenkitCommand(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
