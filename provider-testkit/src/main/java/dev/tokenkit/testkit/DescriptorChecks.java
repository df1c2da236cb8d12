package dev.tokenkit.testkit;

import dev.tokenkit.ConfigOption;
import dev.tokenkit.ProviderDescriptor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code tokenkit describe} and the documentation show of the provider. */
abstract class DescriptorChecks extends KitChecks {
    DescriptorChecks(TokenProviderContract contract) {
        super(contract);
    }

    @Test
    @DisplayName("has the provider's id and a description")
    void named() {
        ProviderDescriptor d = kit().descriptor();
        assertThat(d.id()).isEqualTo(kit().id());
        assertThat(d.description()).as("description of provider '%s'", d.id()).isNotBlank();
    }

    @Test
    @DisplayName("documents every option")
    void optionsDocumented() {
        for (ConfigOption o : kit().descriptor().options()) {
            assertThat(o.description()).as("description of option '%s'", o.name()).isNotBlank();
        }
    }

    @Test
    @DisplayName("flags secret options as secret, and has at least one")
    void secretsFlagged() {
        ProviderDescriptor d = kit().descriptor();
        for (ConfigOption o : d.options()) {
            String n = o.name();
            if (n.contains("secret") || n.contains("password") || n.endsWith("-key") || n.endsWith("-token")) {
                assertThat(o.isSecret()).as("option '%s' looks secret but is not flagged secret()", n).isTrue();
            }
        }
        assertThat(d.options()).as("a provider needs at least one secret option for its credentials")
                .anyMatch(ConfigOption::isSecret);
    }
}
