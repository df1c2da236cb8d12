package dev.tokenkit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.tokenkit.ConfigOption;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.TokenProviders;

import org.junit.jupiter.api.Test;

/**
 * The IDE hints (provider ids, each built-in provider's options) are the built-in providers'
 * descriptors, so they cannot drift: this test fails when the committed file differs from what
 * the descriptors say, and {@code -Dmetadata.write=true} rewrites it.
 */
class ConfigurationMetadataTest {
    static final Path FILE = Path.of("src/main/resources/META-INF/additional-spring-configuration-metadata.json");

    @Test
    void hintsAreTheBuiltInProvidersDescriptors() throws Exception {
        String expected = metadata(TokenProviders.load());
        if (Boolean.getBoolean("metadata.write")) {
            Files.writeString(FILE, expected);
        }
        assertThat(Files.readString(FILE)).as("%s; rewrite it with -Dmetadata.write=true", FILE).isEqualTo(expected);
    }

    @Test
    void theJarCarriesTheHintsMergedIntoSpringBootsMetadata() throws Exception {
        String merged = new String(getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(merged).contains("tokenkit.sources.*.provider").contains("tokenkit.store.redis.uri")
                .contains("\"app-secret\"");
    }

    static String metadata(TokenProviders providers) {
        List<String> ids = new ArrayList<>();
        // option name -> its description -> the providers that describe it so
        Map<String, Map<String, List<String>>> options = new TreeMap<>();
        for (String id : providers.ids()) {
            ProviderDescriptor d = providers.describe(id);
            ids.add(value(id, d.displayName() + ": " + d.description()));
            for (ConfigOption o : d.options()) {
                options.computeIfAbsent(o.name(), n -> new java.util.LinkedHashMap<>())
                        .computeIfAbsent(o.description() + (o.isRequired() ? " (required)" : "")
                                + (o.isSecret() ? " (secret)" : ""), t -> new ArrayList<>()).add(id);
            }
        }
        List<String> keys = new ArrayList<>();
        options.forEach((name, descriptions) -> {
            List<String> text = new ArrayList<>();
            descriptions.forEach((description, of) -> text.add(String.join(", ", of) + ": " + description));
            keys.add(value(name, String.join(" | ", text)));
        });
        return "{\n  \"hints\": [\n"
                + hint("tokenkit.sources.*.provider", ids) + ",\n"
                + hint("tokenkit.sources.*.options.keys", keys) + "\n  ]\n}\n";
    }

    static String hint(String name, List<String> values) {
        return "    {\n      \"name\": " + json(name) + ",\n      \"values\": [\n" + String.join(",\n", values)
                + "\n      ]\n    }";
    }

    static String value(String value, String description) {
        return "        {\"value\": " + json(value) + ", \"description\": " + json(description) + "}";
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
