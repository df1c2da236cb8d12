package dev.tokenkit.internal.util;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing and checking of configuration values. */
public final class ConfigValues {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)?");

    private ConfigValues() {
    }

    /** A scheme, then anything up to an '@' before the first '/' after "//": a user-info part. */
    private static final java.util.regex.Pattern USER_INFO = java.util.regex.Pattern.compile("^[^:/?#]*://[^/?#]*@");

    /**
     * Checks a URI value. Each {@code check} method takes a trimmed value and returns {@code null}
     * when it is valid, else the problem phrased to follow "option 'x' ", quoting the value.
     */
    public static String checkUri(String v) {
        if (USER_INFO.matcher(v).find()) {
            // never quoted: the user-info part may hold a password
            return "carries credentials before its host (user:password@); tokenkit never sends them from a"
                    + " URI: remove them and set the provider's own credential options";
        }
        try {
            URI uri = new URI(v);
            if (!uri.isAbsolute() || uri.getHost() == null) {
                return "has value '" + v + "', which is not an absolute URI with a host; use e.g. https://api.example.com";
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return "has value '" + v + "' with a query or fragment; give only scheme, host, port and path";
            }
            return null;
        } catch (URISyntaxException e) {
            return "has value '" + v + "', which is not a URI (" + e.getReason() + "); use e.g. https://api.example.com";
        }
    }

    /** Checks a duration value (see {@link #checkUri}). */
    public static String checkDuration(String v) {
        try {
            Duration d = parseDuration(v);
            if (d.isNegative() || d.isZero()) {
                return "has value '" + v + "'; a duration must be positive";
            }
            d.toNanos(); // timeouts are applied in nanoseconds: longer values would overflow later
            return null;
        } catch (ArithmeticException e) {
            return "has value '" + v + "', which is too long (at most 292 years); use e.g. 30s, 5m or 1d";
        } catch (IllegalArgumentException e) {
            return "has value '" + v + "', which is not a duration; use e.g. 30s, 500ms, 5m, 2h, 1d or PT30S";
        }
    }

    /** Checks an integer value (see {@link #checkUri}). */
    public static String checkInteger(String v) {
        try {
            int i = Integer.parseInt(v);
            return i < 0 ? "has value '" + v + "'; it must not be negative" : null;
        } catch (NumberFormatException e) {
            return "has value '" + v + "', which is not an integer; use e.g. 3 or 65536";
        }
    }

    /** Checks a boolean value (see {@link #checkUri}). */
    public static String checkBoolean(String v) {
        return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") ? null : "has value '" + v + "'; use true or false";
    }

    /** Parses {@code 30s}, {@code 500ms}, {@code 5m}, {@code 2h}, {@code 1d}, ISO-8601 or plain seconds. */
    public static Duration parseDuration(String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT_DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            switch (unit) {
                case "ms": return Duration.ofMillis(n);
                case "s": return Duration.ofSeconds(n);
                case "m": return Duration.ofMinutes(n);
                case "h": return Duration.ofHours(n);
                default: return Duration.ofDays(n);
            }
        }
        try {
            return Duration.parse(raw.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration", e);
        }
    }

    /**
     * Checks that credentials may be sent to this URI.
     *
     * @return {@code null} when allowed, else the problem
     */
    public static String checkTransportSecurity(URI uri, boolean insecureAllowed) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return null;
        }
        if (scheme.equals("http")) {
            if (insecureAllowed || isLoopback(uri.getHost())) {
                return null;
            }
            return "is plain http to '" + uri.getHost() + "': tokenkit sends credentials over https only;"
                    + " use https, or set allow-insecure-http=true if you accept sending them unencrypted";
        }
        return "has scheme '" + scheme + "'; use https";
    }

    /** Whether the host names the loopback interface, without a DNS lookup. */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        return h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
