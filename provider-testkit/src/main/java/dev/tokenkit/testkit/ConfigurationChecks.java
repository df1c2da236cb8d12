package dev.tokenkit.testkit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Creating the provider. (Validation of the configuration against the descriptor, with its error
 * messages, is tokenkit's own and tested in auth-core: a provider cannot change it.)
 */
abstract class ConfigurationChecks extends KitChecks {
    ConfigurationChecks(TokenProviderContract contract) {
        super(contract);
    }

    @Test
    @DisplayName("the valid configuration creates a provider without a request")
    void validConfigCreates() {
        assertThat(kit().provider().id()).isEqualTo(kit().id());
        assertThat(kit().server.requestCount()).as("requests made by creating a provider").isZero();
    }
}
