package dev.tokenkit.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Finds the command-line arguments that may be secrets, so that no error message (picocli's
 * included) echoes them: the value of every {@code -c} option whose key is a secret option or
 * not a known option at all (a mistyped secret), a {@code -c} argument without {@code =} (a
 * secret typed without its key), a stray {@code name=value} or {@code --name=value} with a
 * secret option's name, and the argument after a bare secret option name.
 */
final class SecretArguments {
    private final List<String> values;

    private SecretArguments(List<String> values) {
        this.values = values;
    }

    /**
     * @param args        the command line
     * @param secretNames the names of every provider's secret options
     * @param knownNames  the names of every provider's options
     */
    static SecretArguments of(String[] args, Set<String> secretNames, Set<String> knownNames) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String option = a.equals("-c") && i + 1 < args.length ? args[++i] : a.startsWith("-c") && a.length() > 2
                    ? a.substring(2) : null;
            if (option != null) {
                int eq = option.indexOf('=');
                String key = eq < 0 ? null : option.substring(0, eq).trim();
                if (key == null) {
                    // "-c app-secret VALUE" or "-c VALUE": the option, and what follows a secret's name
                    found.add(option);
                    if ((secretNames.contains(option.trim()) || !knownNames.contains(option.trim()))
                            && i + 1 < args.length) {
                        found.add(args[i + 1]);
                    }
                } else if (secretNames.contains(key) || !knownNames.contains(key)) {
                    found.add(option.substring(eq + 1));
                }
                continue;
            }
            String bare = a.replaceFirst("^-+", "");
            int eq = bare.indexOf('=');
            if (eq > 0 && secretNames.contains(bare.substring(0, eq))) {
                found.add(bare.substring(eq + 1));
            } else if (secretNames.contains(bare) && i + 1 < args.length) {
                found.add(args[i + 1]);
            }
        }
        found.removeIf(String::isEmpty);
        found.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretArguments(List.copyOf(found));
    }

    /** The text with every possibly secret argument replaced by {@code ****}. */
    String mask(String text) {
        String out = text;
        for (String v : values) {
            out = out.replace(v, "****");
        }
        return out;
    }
}
