package dev.tokenkit;

/**
 * The configuration cannot work: an unknown provider id, a missing or unknown option, a
 * value of the wrong form, or a provider module that could not be loaded. The message
 * quotes the bad name (never a secret value) and says how to fix it. Not retryable.
 */
public class ProviderConfigurationException extends TokenException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param providerId the provider id, or {@code null}
     * @param message    the problem and its fix
     */
    public ProviderConfigurationException(String providerId, String message) {
        super(providerId, message, null, false, null, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param providerId the provider id, or {@code null}
     * @param message    the problem and its fix
     * @param cause      the underlying error
     */
    public ProviderConfigurationException(String providerId, String message, Throwable cause) {
        super(providerId, message, null, false, null, cause);
    }

    private ProviderConfigurationException(ProviderConfigurationException shared, int attempts) {
        super(shared, attempts);
    }

    @Override
    ProviderConfigurationException relay(int attempts) {
        return new ProviderConfigurationException(this, attempts);
    }
}
