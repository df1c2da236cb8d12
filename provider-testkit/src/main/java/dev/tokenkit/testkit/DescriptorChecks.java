package dev.tokenkit.testkit;

import dev.tokenkit.ConfigOption;
import dev.tokenkit.ProviderDescriptor;
import java.util.List;
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
        // the transport options are core's (tls-client-key is a path, not a key); core's tests hold them
        List<ConfigOption> own = kit().descriptor().options().stream()
                .filter(o -> !ProviderDescriptor.TRANSPORT_OPTIONS.contains(o)).toList();
        for (ConfigOption o : own) {
            String n = o.name();
            if (n.contains("secret") || n.contains("password") || n.endsWith("-key") || n.endsWith("-token")) {
                assertThat(o.isSecret()).as("option '%s' looks secret but is not flagged secret()", n).isTrue();
            }
        }
        assertThat(own).as("a provider needs at least one secret option of its own for its credentials")
                .anyMatch(ConfigOption::isSecret);
    }
}
