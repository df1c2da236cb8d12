package dev.tokenkit.cli;

import dev.tokenkit.ConfigOption;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.TokenProviders;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md documents every option of every provider on the class path: each
 * provider has a section ({@code ## <id>}) with a table row per option of its own, and the
 * transport options every provider accepts have a section of their own, unless a provider
 * changes one (then its row is in the provider's section). Each provider's own page links its
 * section rather than copying the table.
 */
class ConfigurationDocTest {
    private static final Path DOC = Path.of("../docs/configuration.md");
    private static final String TRANSPORT_HEADING = "## Transport options";

    @Test
    void everyOptionOfEveryProviderIsDocumented() throws IOException {
        List<String> doc = Files.readAllLines(DOC);
        TokenProviders registry = TokenProviders.load();
        assertThat(registry.ids()).contains("symbl", "singleview");

        for (String id : registry.ids()) {
            ProviderDescriptor d = registry.describe(id);
            for (ConfigOption option : d.options()) {
                boolean transport = ProviderDescriptor.TRANSPORT_OPTIONS.contains(option);
                String section = transport ? TRANSPORT_HEADING : "## " + id;
                Optional<String> row = row(doc, section, option.name());
                assertThat(row).as("docs/configuration.md, section '%s', has a row for option '%s' of %s", section,
                        option.name(), id).isPresent();
                String cells = row.get();
                assertThat(cells).as("row of %s.%s", id, option.name())
                        .contains("| " + option.type().name().toLowerCase(Locale.ROOT) + " |")
                        .contains("| " + (option.isRequired() ? "yes" : "no") + " | " + (option.isSecret() ? "yes" : "no") + " |")
                        .contains(option.defaultValue().isPresent() && !option.isSecret()
                                ? "`" + option.defaultValue().get() + "`" : "| - |");
                assertThat(cells).contains(transport
                        ? "`TOKENKIT_<ID>_" + option.name().toUpperCase(Locale.ROOT).replace('-', '_') + "`"
                        : "`" + option.environmentVariable(id) + "`");
            }
        }
    }

    @Test
    void providerPagesLinkTheTestedTableInsteadOfCopyingIt() throws IOException {
        for (String id : TokenProviders.load().ids()) {
            Path page = DOC.resolveSibling("providers/" + id + ".md");
            String text = Files.readString(page);
            assertThat(text).as("%s links its section of configuration.md", page)
                    .contains("(../configuration.md#" + id + ")")
                    .as("%s has no option table of its own", page).doesNotContain("| option |");
            assertThat(Files.readAllLines(DOC)).as("configuration.md has the section the link points at")
                    .contains("## " + id);
        }
    }

    /** The table row of {@code | `name` | ...} in the section that starts with {@code heading}. */
    private static Optional<String> row(List<String> doc, String heading, String name) {
        boolean in = false;
        for (String line : doc) {
            if (line.startsWith("## ")) {
                in = line.equals(heading) || line.startsWith(heading + " ");
            } else if (in && line.startsWith("| `" + name + "` |")) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }
}
