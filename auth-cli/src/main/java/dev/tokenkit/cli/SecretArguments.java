package dev.tokenkit.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds what in the command line may be secret, so that nothing printed (picocli's messages and
 * {@code --verbose} stack traces included) shows it:
 * <ul>
 *   <li>the value of every {@code -c} option whose key is a secret option or not a known option at
 *       all (a mistyped secret), a {@code -c} argument without {@code =} (a secret typed without its
 *       key), a stray {@code name=value} or {@code --name=value} with a secret option's name, and
 *       the argument after a bare secret option name;</li>
 *   <li>the user info of every URI-looking text ({@code scheme://user:password@host}), read up to
 *       the last {@code @} before the host, so that a password holding {@code /} or {@code :} is
 *       masked whole, and each part of it after a {@code :}, {@code /}, {@code ?} or {@code #}
 *       (what a URI parser reads as port or path).</li>
 * </ul>
 * {@link #mask(String)} also masks the user info of any URI in the text, whatever its origin.
 * Values shorter than {@value #SHORT} characters are masked only where they stand alone, not
 * inside words.
 */
final class SecretArguments {
    /** Values shorter than this are masked as whole words only. */
    static final int SHORT = 4;
    private static final String MASK = "****";

    private final List<String> values;

    private SecretArguments(List<String> values) {
        this.values = values;
    }

    /**
     * @param args        the command line
     * @param secretNames the names of every provider's secret options
     * @param knownNames  the names of every provider's options
     * @param uriTexts    more texts that may hold a URI with user info (e.g. from the environment)
     */
    static SecretArguments of(String[] args, Set<String> secretNames, Set<String> knownNames, Collection<String> uriTexts) {
        Set<String> found = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String option = a.equals("-c") && i + 1 < args.length ? args[++i] : a.startsWith("-c") && a.length() > 2
                    ? a.substring(2) : null;
            if (option != null) {
                int eq = option.indexOf('=');
                String key = eq < 0 ? null : option.substring(0, eq).trim();
                if (key == null) {
                    // "-c app-secret VALUE" or "-c VALUE": the option, and what follows a secret's name
                    boolean secretName = secretNames.contains(option.trim());
                    if (!secretName) {
                        found.add(option);
                    }
                    if ((secretName || !knownNames.contains(option.trim())) && i + 1 < args.length
                            && !args[i + 1].startsWith("-")) {
                        found.add(args[i + 1]);
                    }
                } else if (secretNames.contains(key) || !knownNames.contains(key)) {
                    found.add(option.substring(eq + 1));
                }
                continue;
            }
            String bare = stripDashes(a);
            int eq = bare.indexOf('=');
            if (eq > 0 && secretNames.contains(bare.substring(0, eq))) {
                found.add(bare.substring(eq + 1));
            } else if (secretNames.contains(bare) && i + 1 < args.length) {
                found.add(args[i + 1]);
            }
        }
        List<String> texts = new ArrayList<>(List.of(args));
        texts.addAll(uriTexts);
        for (String text : texts) {
            if (text != null) {
                userInfoParts(text, found);
            }
        }
        List<String> sorted = new ArrayList<>(found);
        sorted.removeIf(String::isEmpty);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretArguments(List.copyOf(sorted));
    }

    /** The text with every possibly secret value, and the user info of every URI, replaced by {@code ****}. */
    String mask(String text) {
        String out = maskUserInfo(text);
        for (String v : values) {
            out = v.length() < SHORT ? replaceWord(out, v) : out.replace(v, MASK);
        }
        return out;
    }

    /** The text with the user info of every {@code scheme://user:password@host} replaced by {@code ****}. */
    static String maskUserInfo(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (int[] span : userInfoSpans(text)) {
            out.append(text, from, span[0]).append(MASK);
            from = span[1];
        }
        return out.append(text, from, text.length()).toString();
    }

    /** The user info of every URI in {@code text}, and its parts after {@code : / ? #}. */
    private static void userInfoParts(String text, Collection<String> into) {
        for (int[] span : userInfoSpans(text)) {
            String info = text.substring(span[0], span[1]);
            into.add(info);
            for (int i = 0; i < info.length(); i++) {
                if (":/?#".indexOf(info.charAt(i)) >= 0) {
                    into.add(info.substring(i + 1));
                }
            }
        }
    }

    /**
     * Where the user info of each URI in the text starts and ends: after {@code ://}, up to the
     * last {@code @} before the URI ends.
     */
    private static List<int[]> userInfoSpans(String text) {
        List<int[]> spans = new ArrayList<>();
        int at = text.indexOf("://");
        while (at >= 0) {
            int start = at + 3;
            int end = uriEnd(text, start);
            int user = text.lastIndexOf('@', end - 1);
            if (user >= start) {
                spans.add(new int[] {start, user});
            }
            at = text.indexOf("://", Math.max(end, start));
        }
        return spans;
    }

    /** Where the URI starting at {@code start} ends: at white space, a quote or the end of the text. */
    private static int uriEnd(String text, int start) {
        int i = start;
        while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && "'\"<>".indexOf(text.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    /** Replaces {@code v} where it is not part of a longer word. */
    private static String replaceWord(String text, String v) {
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        int i = text.indexOf(v);
        while (i >= 0) {
            int after = i + v.length();
            if (!isWordChar(text, i - 1) && !isWordChar(text, after)) {
                out.append(text, from, i).append(MASK);
                from = after;
            }
            i = text.indexOf(v, after);
        }
        return out.append(text, from, text.length()).toString();
    }

    private static boolean isWordChar(String text, int i) {
        if (i < 0 || i >= text.length()) {
            return false;
        }
        char c = text.charAt(i);
        return Character.isLetterOrDigit(c) || c == '-' || c == '_';
    }

    private static String stripDashes(String a) {
        int i = 0;
        while (i < a.length() && a.charAt(i) == '-') {
            i++;
        }
        return a.substring(i);
    }
}
