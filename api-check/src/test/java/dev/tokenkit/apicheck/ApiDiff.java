package dev.tokenkit.apicheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Compares a module's API with its committed dump, and says how to accept a deliberate change. */
final class ApiDiff {
    /** The one command that rewrites every dump from the code. */
    static final String REWRITE = "scripts/api-dump";

    private ApiDiff() {
    }

    /**
     * Passes when {@code dump} holds exactly {@code actual}; otherwise fails with the lines only
     * the code has ({@code +}) and only the dump has ({@code -}).
     *
     * @throws AssertionError naming the difference and {@link #REWRITE}
     */
    static void check(String module, Path dump, String actual) throws IOException {
        if (!Files.exists(dump)) {
            throw new AssertionError(module + " has no API dump at " + dump + "; run " + REWRITE
                    + " to write it, and commit it");
        }
        String expected = Files.readString(dump);
        if (expected.equals(actual)) {
            return;
        }
        List<String> diff = new ArrayList<>();
        Set<String> was = new LinkedHashSet<>(expected.lines().toList());
        Set<String> now = new LinkedHashSet<>(actual.lines().toList());
        was.stream().filter(l -> !now.contains(l) && !l.isBlank()).forEach(l -> diff.add("- " + l.strip()));
        now.stream().filter(l -> !was.contains(l) && !l.isBlank()).forEach(l -> diff.add("+ " + l.strip()));
        if (diff.isEmpty()) {
            diff.add("(the same lines in another order or spacing)");
        }
        throw new AssertionError("the public API of " + module + " differs from " + dump + ":\n"
                + String.join("\n", diff) + "\nIf the change is deliberate, run " + REWRITE
                + " and commit the dump with the reason in the commit message; otherwise restore the API.");
    }
}
