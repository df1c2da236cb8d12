package dev.tokenkit.testsupport;

import dev.tokenkit.TokenProviders;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compiles small Java sources at test time against the module dev.tokenkit (as built in target/classes). */
public final class Javac {
    private Javac() {
    }

    /**
     * Compiles the sources (relative path to content) into {@code out}. Sources with a
     * {@code module-info.java} form a named module; others are compiled in the unnamed module.
     */
    public static void compile(Path sourceRoot, Path out, Map<String, String> sources) {
        try {
            List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-proc:none", "-implicit:none",
                    "--module-path", modulePath()));
            if (!sources.containsKey("module-info.java")) {
                args.addAll(List.of("--add-modules", "dev.tokenkit"));
            }
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = sourceRoot.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                args.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new AssertionError("no system Java compiler: the tests need a JDK");
            }
            ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
            int rc = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
            if (rc != 0) {
                throw new AssertionError("javac failed (" + rc + ") for " + args + "\n" + diagnostics.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where dev.tokenkit and the modules it requires were loaded from (target/classes and jars). */
    static String modulePath() {
        Set<String> paths = new LinkedHashSet<>();
        collect(TokenProviders.class.getModule().getName(), paths, new LinkedHashSet<>());
        return String.join(java.io.File.pathSeparator, paths);
    }

    private static void collect(String module, Set<String> paths, Set<String> seen) {
        if (!seen.add(module)) {
            return;
        }
        ResolvedModule resolved = ModuleLayer.boot().configuration().findModule(module).orElse(null);
        if (resolved == null) {
            return;
        }
        resolved.reference().location()
                .filter(uri -> uri.getScheme().equals("file"))
                .ifPresent(uri -> paths.add(Path.of(uri).toString()));
        for (ModuleDescriptor.Requires r : resolved.reference().descriptor().requires()) {
            collect(r.name(), paths, seen);
        }
    }
}
