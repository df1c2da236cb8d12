package dev.tokenkit.internal.util;

import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;

/** Name rules (lower-kebab-case) and "did you mean" suggestions. */
public final class Names {
    private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private Names() {
    }

    /** Whether the name is lower-kebab-case: {@code symbl}, {@code app-id}, {@code my-vendor2}. */
    public static boolean isKebab(String name) {
        return name != null && name.length() <= 64 && KEBAB.matcher(name).matches();
    }

    /** Returns the name, or throws an exception quoting it and stating the rule. */
    public static String requireKebab(String name, String what) {
        if (!isKebab(name)) {
            throw new IllegalArgumentException("invalid " + what + " '" + name + "': use lower-kebab-case"
                    + " (a lower-case letter, then lower-case letters, digits and single dashes, at most 64"
                    + " characters), e.g. 'app-id'");
        }
        return name;
    }

    /** The candidate closest to {@code name}, when it is close enough to be a plausible typo. */
    public static Optional<String> nearest(String name, Collection<String> candidates) {
        String normalised = name.toLowerCase(java.util.Locale.ROOT).replace('_', '-').replace('.', '-');
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = c.equals(normalised) ? 0 : distance(normalised, c);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(2, name.length() / 3);
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
