package dev.tokenkit.testkit.modular;

import dev.tokenkit.TokenProviders;
import dev.tokenkit.spi.TokenProviderFactory;
import dev.tokenkit.testing.ManualClock;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Provider modules compiled at test time, each an exploded module (a directory with
 * {@code module-info.class}) that also has a {@code META-INF/services} file, as {@code @AutoService}
 * writes it. Each differs from the correct one, {@code fixture.modular}, in its registration or its
 * {@code requires}.
 */
final class ModularProviders {
    static final String SERVICE = TokenProviderFactory.class.getName();

    private static final String FACTORY = """
            package %1$s;

            import dev.tokenkit.AccessToken;
            import dev.tokenkit.ConfigOption;
            import dev.tokenkit.ProviderConfig;
            import dev.tokenkit.ProviderDescriptor;
            import dev.tokenkit.TokenProvider;
            import dev.tokenkit.spi.JsonFields;
            import dev.tokenkit.spi.JsonTokenProvider;
            import dev.tokenkit.spi.ProviderContext;
            import dev.tokenkit.spi.TokenProviderFactory;
            import dev.tokenkit.spi.TokenRequest;
            import dev.tokenkit.spi.TokenResponse;
            import jakarta.json.JsonObject;
            import java.net.URI;
            import java.util.Map;

            public final class %2$s implements TokenProviderFactory {
                public ProviderDescriptor descriptor() {
                    return ProviderDescriptor.builder("%3$s").displayName("Fixture %3$s")
                            .description("A provider module compiled at test time.")
                            .option(ConfigOption.builder("base-url", ConfigOption.Type.URI).required()
                                    .description("Base URL of the token endpoint.").build())
                            .build();
                }

                public TokenProvider create(ProviderConfig config, ProviderContext context) {
                    URI endpoint = config.uri("base-url", "/token");
                    return new JsonTokenProvider(context) {
                        protected TokenRequest request() {
                            return TokenRequest.post(endpoint).formBody(Map.of("grant_type", "client_credentials")).build();
                        }

                        protected AccessToken parse(JsonObject body, TokenResponse response) {
                            return token(JsonFields.requireString(body, "access_token"))
                                    .expiresIn(JsonFields.lifetime(body, "expires_in").orElse(null)).build();
                        }
                    };
                }
            }
            """;

    private ModularProviders() {
    }

    /** {@code fixture.modular} (id {@code modular}): registered in module-info and META-INF/services alike. */
    static Path modular(Path dir) {
        return compile(dir, "fixture.modular", "requires dev.tokenkit;\n    provides " + SERVICE + " with fixture.modular.ModularFactory;",
                Map.of("ModularFactory", "modular"), "fixture.modular.ModularFactory");
    }

    /** {@code fixture.unprovided} (id {@code unprovided}): META-INF/services only, no {@code provides}. */
    static Path unprovided(Path dir) {
        return compile(dir, "fixture.unprovided", "requires dev.tokenkit;",
                Map.of("UnprovidedFactory", "unprovided"), "fixture.unprovided.UnprovidedFactory");
    }

    /**
     * {@code fixture.misprovided} (id {@code misprovided}): META-INF/services names its factory, but
     * {@code provides} names another one (id {@code misprovided-other}).
     */
    static Path misprovided(Path dir) {
        return compile(dir, "fixture.misprovided", "requires dev.tokenkit;\n    provides " + SERVICE
                        + " with fixture.misprovided.OtherFactory;",
                Map.of("MisprovidedFactory", "misprovided", "OtherFactory", "misprovided-other"),
                "fixture.misprovided.MisprovidedFactory");
    }

    /**
     * {@code fixture.needy} (id {@code needy}): correctly registered, and requires a module beyond
     * tokenkit's ({@code dev.tokenkit.testing}, standing for any library a provider uses).
     */
    static Path needy(Path dir) {
        return compile(dir, "fixture.needy", "requires dev.tokenkit;\n    requires dev.tokenkit.testing;\n    provides "
                        + SERVICE + " with fixture.needy.NeedyFactory;",
                Map.of("NeedyFactory", "needy"), "fixture.needy.NeedyFactory");
    }

    /**
     * The jars or directories of tokenkit's modules and of the modules they require, and of
     * {@code dev.tokenkit.testing}: what the fixtures compile against.
     */
    static Set<Path> tokenkitModules() {
        Set<Path> paths = new LinkedHashSet<>();
        try {
            for (Class<?> c : List.of(TokenProviders.class, jakarta.json.JsonObject.class,
                    jakarta.json.spi.JsonProvider.provider().getClass(), ManualClock.class,
                    Class.forName("io.github.resilience4j.retry.Retry"),
                    Class.forName("io.github.resilience4j.core.IntervalFunction"))) {
                paths.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
            }
        } catch (Exception e) {
            throw new AssertionError("cannot locate tokenkit's modules on the test class path", e);
        }
        return paths;
    }

    /**
     * Compiles a module of factories (simple class name to id) into {@code dir/<module>} and writes
     * its {@code META-INF/services} file with one entry.
     */
    private static Path compile(Path dir, String module, String directives, Map<String, String> factories, String service) {
        Path src = dir.resolve(module + "-src");
        Path out = dir.resolve(module);
        try {
            String pkg = module;
            List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", out.toString(),
                    "--module-path", String.join(File.pathSeparator, tokenkitModules().stream().map(Path::toString).toList())));
            Path info = src.resolve("module-info.java");
            Files.createDirectories(src.resolve(pkg.replace('.', '/')));
            Files.writeString(info, "module " + module + " {\n    " + directives + "\n}\n");
            args.add(info.toString());
            for (Map.Entry<String, String> f : factories.entrySet()) {
                Path file = src.resolve(pkg.replace('.', '/')).resolve(f.getKey() + ".java");
                Files.writeString(file, FACTORY.formatted(pkg, f.getKey(), f.getValue()));
                args.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
            int rc = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
            if (rc != 0) {
                throw new AssertionError("javac failed (" + rc + ") for " + module + ":\n" + diagnostics.toString(StandardCharsets.UTF_8));
            }
            Path services = out.resolve("META-INF/services/" + SERVICE);
            Files.createDirectories(services.getParent());
            Files.writeString(services, service + "\n");
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot write the fixture module " + module + " under " + dir, e);
        }
    }
}
