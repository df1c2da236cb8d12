package dev.tokenkit.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tokenkit.ConfigOption;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderDescriptor;

import org.springframework.boot.context.properties.bind.Binder;

/**
 * The one place where the option names Spring bound under {@code tokenkit.sources.<name>.options}
 * meet the provider's descriptor. Spring's relaxed binding hands over a key in the form its
 * property source wrote it: {@code app-secret} from YAML, {@code appSecret} from a properties file,
 * {@code app.secret} from the environment variable {@code TOKENKIT_SOURCES_SYMBL_OPTIONS_APP_SECRET}.
 * A key names the descriptor's option whose name, lower case and with everything but letters and
 * digits removed, is the same as the key's; nothing else is guessed. Secret options are bound as
 * secrets.
 */
final class SourceOptions {

    private SourceOptions() {
    }

    /**
     * A name with letters and digits only, lower case: {@code app-secret}, {@code appSecret},
     * {@code app.secret} and {@code APP_SECRET} are all {@code appsecret}.
     */
    static String normalise(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }

    /**
     * The provider configuration of one source, before the provider checks its values.
     *
     * @param source     the source's name
     * @param descriptor the provider's descriptor
     * @param bound      the options as Spring bound them
     * @param binder     the environment's binder, which picks the winning value when several
     *                   property sources set one option in different forms
     * @throws TokenkitConfigurationException naming every unknown, ambiguous or missing option's property
     */
    static ProviderConfig bind(String source, ProviderDescriptor descriptor, Map<String, String> bound, Binder binder) {
        String prefix = TokenkitProperties.PREFIX + ".sources." + source + ".options.";
        Map<String, ConfigOption> byNormalName = new LinkedHashMap<>();
        for (ConfigOption option : descriptor.options()) {
            ConfigOption other = byNormalName.putIfAbsent(normalise(option.name()), option);
            if (other != null) {
                throw new TokenkitConfigurationException("Provider '" + descriptor.id() + "' of tokenkit source '" + source
                        + "' has two options, '" + other.name() + "' and '" + option.name() + "', that Spring's relaxed"
                        + " binding cannot tell apart.",
                        "Configure this source in code (TokenProviders.load().source(..)) or ask the provider's author"
                        + " to rename one of the options.");
            }
        }
        Map<ConfigOption, List<String>> keysByOption = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> known = descriptor.options().stream().map(ConfigOption::name).toList();
        for (String key : bound.keySet()) {
            ConfigOption option = byNormalName.get(normalise(key));
            if (option == null) {
                problems.add("unknown option " + prefix + key + " (options of " + descriptor.id() + ": "
                        + String.join(", ", known) + ")");
            } else {
                keysByOption.computeIfAbsent(option, o -> new ArrayList<>()).add(key);
            }
        }
        ProviderConfig.Builder config = ProviderConfig.builder();
        for (ConfigOption option : descriptor.options()) {
            List<String> keys = keysByOption.getOrDefault(option, List.of());
            String value = value(prefix, option, keys, bound, binder, problems);
            if (value == null || value.isBlank()) {
                if (option.isRequired() && option.defaultValue().isEmpty()) {
                    problems.add("missing required option " + prefix + option.name()
                            + (option.description().isEmpty() ? "" : " (" + option.description() + ")"));
                }
            } else if (option.isSecret()) {
                config.putSecret(option.name(), value);
            } else {
                config.put(option.name(), value);
            }
        }
        if (!problems.isEmpty()) {
            throw new TokenkitConfigurationException("tokenkit source '" + source + "' (provider " + descriptor.id()
                    + "): " + String.join("; ", problems) + ".",
                    "Set the options of provider " + descriptor.id() + " under " + prefix
                    + "<option>, named as the provider names them (see docs/configuration.md), or in the environment as "
                    + environmentPrefix(source) + "<OPTION>.");
        }
        return config.build();
    }

    private static String value(String prefix, ConfigOption option, List<String> keys, Map<String, String> bound,
                                Binder binder, List<String> problems) {
        if (keys.isEmpty()) {
            return null;
        }
        if (keys.size() == 1) {
            return bound.get(keys.get(0));
        }
        // several forms of one name (app-secret in YAML, APP_SECRET in the environment): Spring's
        // precedence of property sources decides, as for any property
        String winner = binder.bind(prefix + option.name(), String.class).orElse(null);
        if (winner == null) {
            problems.add("option " + prefix + option.name() + " is set under several names (" + String.join(", ", keys)
                    + ") whose order Spring cannot tell; keep one");
        }
        return winner;
    }

    /**
     * The environment variables' prefix for a source's options, in Spring's form: upper case,
     * dashes removed ({@code billing-api} is {@code TOKENKIT_SOURCES_BILLINGAPI_OPTIONS_}).
     */
    static String environmentPrefix(String source) {
        return "TOKENKIT_SOURCES_" + source.toUpperCase(Locale.ROOT).replace("-", "") + "_OPTIONS_";
    }
}
