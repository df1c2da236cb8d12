package dev.tokenkit.cli;

import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.MalformedResponseException;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.RateLimitedException;
import dev.tokenkit.TokenException;

import java.io.UncheckedIOException;

/** The exit codes of {@code tokenkit} and the mapping of errors to them. */
final class ExitCodes {
    /** Success. */
    static final int OK = 0;
    /** Any other error, including {@link dev.tokenkit.TokenRequestRejectedException}. */
    static final int OTHER = 1;
    /** Usage or configuration error. */
    static final int USAGE = 2;
    /** The token endpoint rejected the credentials. */
    static final int INVALID_CREDENTIALS = 3;
    /** The provider was unavailable or rate-limited, after retries. */
    static final int UNAVAILABLE = 4;
    /** The token endpoint's answer could not be used. */
    static final int MALFORMED = 5;

    private ExitCodes() {
    }

    static int of(Throwable e) {
        if (e instanceof ProviderConfigurationException) {
            return USAGE;
        }
        if (e instanceof InvalidCredentialsException) {
            return INVALID_CREDENTIALS;
        }
        if (e instanceof ProviderUnavailableException || e instanceof RateLimitedException) {
            return UNAVAILABLE;
        }
        if (e instanceof MalformedResponseException) {
            return MALFORMED;
        }
        return OTHER;
    }

    /** What went wrong, for the one error line. TokenException messages never hold secrets. */
    static String describe(Throwable e) {
        if (e instanceof TokenException) {
            return e.getMessage();
        }
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            return e.getMessage() + ": " + describe(e.getCause());
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /** The text on one line: line breaks and other control characters become spaces. */
    static String oneLine(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return b.toString().strip();
    }
}
