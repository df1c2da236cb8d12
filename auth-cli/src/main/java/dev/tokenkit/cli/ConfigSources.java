package dev.tokenkit.cli;

import dev.tokenkit.ConfigOption;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.internal.util.FileValues;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Builds a provider's configuration from the command line's sources, lowest precedence first:
 * the environment ({@code TOKENKIT_<ID>_<OPTION>}), a {@code --config} properties file, and
 * {@code -c key=value} options, where {@code key=@path} reads the value from a file (one trailing
 * line break removed) and {@code key=@@text} is the literal {@code @text}. The values of the
 * provider's secret options are put as secrets. Validation is left to the registry, which
 * reports every missing, unknown or invalid option at once.
 */
final class ConfigSources {
    private ConfigSources() {
    }

    static ProviderConfig assemble(ProviderDescriptor descriptor, Map<String, String> environment, Path configFile,
                                   List<String> options) {
        String id = descriptor.id();
        Map<String, String> values = new LinkedHashMap<>();
        copy(ProviderConfig.fromEnvironment(id, environment), values);
        if (configFile != null) {
            copy(ProviderConfig.fromProperties(readProperties(id, configFile)), values);
        }
        values.putAll(pairs(id, options));
        ProviderConfig.Builder builder = ProviderConfig.builder();
        values.forEach((name, value) -> {
            boolean secret = descriptor.option(name).map(ConfigOption::isSecret).orElse(false);
            if (secret) {
                builder.putSecret(name, value);
            } else {
                builder.put(name, value);
            }
        });
        return builder.build();
    }

    /**
     * The {@code -c key=value} options, in order, with {@code @FILE} values read; a later key
     * wins. Errors never quote a value (it may be a secret).
     */
    static Map<String, String> pairs(String id, List<String> options) {
        Map<String, String> values = new LinkedHashMap<>();
        int position = 0;
        for (String option : options) {
            position++;
            int eq = option.indexOf('=');
            if (eq < 0) {
                // the argument itself is not quoted: it may be a secret typed without its key
                throw new ProviderConfigurationException(id, "-c expects key=value (e.g. -c app-id=my-app), but -c number "
                        + position + " has no '='");
            }
            String key = option.substring(0, eq).trim();
            if (key.isEmpty()) {
                throw new ProviderConfigurationException(id, "-c number " + position + " has no key before '='");
            }
            values.put(key, value(id, key, option.substring(eq + 1)));
        }
        return values;
    }

    private static void copy(ProviderConfig source, Map<String, String> into) {
        for (String name : source.names()) {
            // these sources hold plain strings; findSecret reads any value without a type check
            into.put(name, source.findSecret(name).orElseThrow().reveal());
        }
    }

    private static String value(String id, String key, String raw) {
        return FileValues.resolve(raw, (file, problem) -> new ProviderConfigurationException(id,
                "cannot read the value of -c " + key + " from " + file + " (" + problem + ")"));
    }

    private static Properties readProperties(String id, Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ProviderConfigurationException(id, "cannot read --config file " + file + " (" + problem(e) + ")");
        }
        return properties;
    }

    /** Describes an I/O problem without quoting file content. */
    private static String problem(Exception e) {
        if (e instanceof IllegalArgumentException) {
            return "not a properties file: malformed \\uXXXX escape";
        }
        return e instanceof IOException io ? FileValues.problem(io) : e.getClass().getSimpleName();
    }
}
