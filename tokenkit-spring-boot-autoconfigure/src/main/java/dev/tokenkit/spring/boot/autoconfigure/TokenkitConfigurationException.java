package dev.tokenkit.spring.boot.autoconfigure;

import java.util.Objects;

/**
 * A {@code tokenkit.*} property is missing or wrong: start-up fails with it, and
 * {@link TokenkitFailureAnalyzer} reports what is wrong and the property to set, nothing else. Its
 * message never holds a secret value.
 */
public class TokenkitConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What to do about it. */
    private final String action;

    /**
     * Creates the exception.
     *
     * @param description what is wrong, with the property's name and never a secret value
     * @param action      what to set, e.g. {@code Set tokenkit.sources.symbl.options.app-secret.}
     */
    public TokenkitConfigurationException(String description, String action) {
        super(Objects.requireNonNull(description, "description"), null, false, false);
        this.action = Objects.requireNonNull(action, "action");
    }

    /**
     * What to set or change.
     *
     * @return the action
     */
    public String action() {
        return action;
    }
}
