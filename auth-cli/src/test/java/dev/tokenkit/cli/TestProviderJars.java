package dev.tokenkit.cli;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Builds third-party provider jars at test time: a factory compiled with {@code javax.tools}
 * against the test class path, registered in {@code META-INF/services}.
 */
final class TestProviderJars {
    static final String ACME_ID = "acme-sso";
    static final String ACME_NAME = "Acme SSO";
    /** The default of acme's secret option {@code pin}; must never be shown. */
    static final String ACME_SECRET_DEFAULT = "pin-default-7391";
    static final String SERVICE = "META-INF/services/dev.tokenkit.spi.TokenProviderFactory";

    private static final String ACME_SOURCE = """
            package test.acme;

            import dev.tokenkit.AccessToken;
            import dev.tokenkit.ConfigOption;
            import dev.tokenkit.ProviderConfig;
            import dev.tokenkit.ProviderDescriptor;
            import dev.tokenkit.TokenProvider;
            import dev.tokenkit.spi.ProviderContext;
            import dev.tokenkit.spi.TokenProviderFactory;
            import java.time.Duration;

            public final class %s implements TokenProviderFactory {
                private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder("%s")
                        .displayName("%s")
                        .description("A provider compiled at test time.")
                        .option(ConfigOption.builder("tenant", ConfigOption.Type.STRING).required()
                                .description("The tenant.").build())
                        .option(ConfigOption.builder("pin", ConfigOption.Type.STRING).secret()
                                .defaultValue("%s").description("A secret with a default.").build())
                        .build();

                public ProviderDescriptor descriptor() {
                    return DESCRIPTOR;
                }

                public TokenProvider create(ProviderConfig config, ProviderContext context) {
                    String tenant = config.string("tenant");
                    return new TokenProvider() {
                        public String id() {
                            return "%s";
                        }

                        public AccessToken fetch() {
                            return AccessToken.builder("acme-token-for-" + tenant).expiresIn(Duration.ofHours(1)).build();
                        }
                    };
                }
            }
            """;

    private TestProviderJars() {
    }

    /** A jar with the acme-sso provider, {@code acme-provider.jar}. */
    static Path acme(Path dir) throws IOException {
        return acme(dir, "AcmeTokenProviderFactory", "acme-provider.jar");
    }

    /** A jar with an acme-sso provider whose factory class has the given name. */
    static Path acme(Path dir, String className, String jarName) throws IOException {
        Path src = dir.resolve(className + "-src/test/acme");
        Files.createDirectories(src);
        Path source = src.resolve(className + ".java");
        Files.writeString(source, ACME_SOURCE.formatted(className, ACME_ID, ACME_NAME, ACME_SECRET_DEFAULT, ACME_ID, ACME_ID));
        Path classes = dir.resolve(className + "-classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "--release", "17",
                "-classpath", System.getProperty("java.class.path"),
                "-d", classes.toString(), source.toString());
        if (rc != 0) {
            throw new IllegalStateException("javac failed: " + diagnostics.toString(StandardCharsets.UTF_8));
        }
        Path jar = dir.resolve(jarName);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                put(out, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
            put(out, SERVICE, ("test.acme." + className + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    /** A jar whose service file names a class that does not exist: a load failure. */
    static Path broken(Path dir) throws IOException {
        Path jar = dir.resolve("broken-provider.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, SERVICE, "test.broken.MissingFactory\n".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    /** A jar that holds only a service file: {@code service} implemented by the named classes. */
    static Path services(Path dir, String jarName, Class<?> service, Class<?>... providers) throws IOException {
        Path jar = dir.resolve(jarName);
        StringBuilder names = new StringBuilder();
        for (Class<?> provider : providers) {
            names.append(provider.getName()).append('\n');
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, "META-INF/services/" + service.getName(), names.toString().getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static void put(JarOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream o = out;
        o.write(content);
        out.closeEntry();
    }
}
