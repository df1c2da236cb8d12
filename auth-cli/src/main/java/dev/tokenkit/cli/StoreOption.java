package dev.tokenkit.cli;

import dev.tokenkit.Secret;
import dev.tokenkit.TokenSourceListener;
import dev.tokenkit.store.redis.RedisTokenStore;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code --store URI} (or {@code TOKENKIT_STORE}): keep the token in a shared Redis, so that
 * every invocation and every service configured alike shares one token and one request per token
 * lifetime. The password comes from the URI's user info or from {@code TOKENKIT_STORE_PASSWORD}
 * (which keeps it out of the process list).
 */
final class StoreOption {
    static final String ENV = "TOKENKIT_STORE";
    static final String PASSWORD_ENV = "TOKENKIT_STORE_PASSWORD";

    @Option(names = "--store", paramLabel = "URI",
            description = {"Shares the token through Redis: redis://[[USER]:PASSWORD@]HOST[:PORT][/DB] or rediss://"
                    + " (TLS). A valid token stored there is used without a request; a new one is stored for the"
                    + " others. Default: $" + ENV + ". The password may come from $" + PASSWORD_ENV + "."})
    private String store;

    /**
     * The store the option or the environment names, or {@code null} for none; the caller closes it.
     *
     * @param err where the warning about a password on the command line goes
     * @throws ParameterException when the URI is not a Redis URI (the message never quotes a password)
     */
    RedisTokenStore open(Map<String, String> environment, CommandSpec spec, PrintStream err) {
        String from = store != null ? "--store" : ENV;
        String text = store != null ? store : environment.get(ENV);
        if (text == null || text.isBlank()) {
            return null;
        }
        if (store != null && hasPassword(store)) {
            err.println("tokenkit: warning: --store with a password in its URI puts the password in the process list"
                    + " (ps); use " + PASSWORD_ENV + " (or " + ENV + ") instead");
        }
        try {
            RedisTokenStore.Builder builder = RedisTokenStore.builder(new URI(text.strip()));
            String password = environment.get(PASSWORD_ENV);
            if (password != null && !password.isEmpty()) {
                builder.password(Secret.of(password));
            }
            return builder.build();
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), from + " is not a URI (" + e.getReason()
                    + "); write redis://HOST:PORT or rediss://HOST:PORT");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), from + ": " + e.getMessage());
        }
    }

    /** Whether the URI text has user info with a password: a ':' before its last '@'. */
    private static boolean hasPassword(String uri) {
        int start = uri.indexOf("://");
        int at = uri.lastIndexOf('@');
        return start >= 0 && at > start && uri.substring(start + 3, at).indexOf(':') >= 0;
    }

    /** A listener that prints the first store failure of a run as one warning line. */
    static Warnings warnings(PrintStream err) {
        return new Warnings(err);
    }

    /** Prints the first store failure as one line on the error stream, and remembers there was one. */
    static final class Warnings implements TokenSourceListener {
        private final PrintStream err;
        private final AtomicBoolean warned = new AtomicBoolean();

        private Warnings(PrintStream err) {
            this.err = err;
        }

        @Override
        public void storeFailed(String providerId, Throwable error) {
            if (warned.compareAndSet(false, true)) {
                err.println("tokenkit: warning: " + ExitCodes.oneLine(String.valueOf(error.getMessage()))
                        + "; the token was fetched without the store");
            }
        }

        /** Whether the store failed during the run. */
        boolean failed() {
            return warned.get();
        }
    }
}
