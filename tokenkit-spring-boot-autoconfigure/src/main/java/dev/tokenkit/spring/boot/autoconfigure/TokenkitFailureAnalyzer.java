package dev.tokenkit.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link TokenkitConfigurationException} that failed start-up as what is wrong and the
 * property to set; the bean creation chain around it is left out (it is logged at debug level).
 */
public final class TokenkitFailureAnalyzer extends AbstractFailureAnalyzer<TokenkitConfigurationException> {

    /** Creates the analyzer; Spring Boot finds it in {@code META-INF/spring.factories}. */
    public TokenkitFailureAnalyzer() {
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, TokenkitConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), null);
    }
}
