package dev.tokenkit.apicheck;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Which modules are published, and where the build put each one's classes. */
final class ApiModules {
    private ApiModules() {
    }

    /**
     * The class path entries of the reactor's own modules ({@code <root>/<module>/target/classes}
     * or {@code <root>/<module>/target/<module>-<version>.jar}), by module directory.
     */
    static Map<String, Path> onClassPath(Path root) {
        Path top = root.toAbsolutePath().normalize();
        Map<String, Path> found = new TreeMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath().normalize();
            Path target = p.getParent();
            if (target == null || target.getFileName() == null || !target.getFileName().toString().equals("target")) {
                continue;
            }
            Path module = target.getParent();
            if (module != null && top.equals(module.getParent()) && !module.getFileName().toString().equals("api-check")) {
                found.put(module.getFileName().toString(), p);
            }
        }
        return found;
    }

    /** The artifact ids of tokenkit's own artifacts that a BOM's text manages. */
    static Set<String> published(String bom) {
        Set<String> ids = new TreeSet<>();
        for (int at = bom.indexOf("<dependency>"); at >= 0; at = bom.indexOf("<dependency>", at + 1)) {
            String dependency = bom.substring(at, bom.indexOf("</dependency>", at));
            int a = dependency.indexOf("<artifactId>");
            if (dependency.contains("<groupId>dev.tokenkit</groupId>") && a >= 0) {
                ids.add(dependency.substring(a + "<artifactId>".length(), dependency.indexOf("</artifactId>", a)).trim());
            }
        }
        return ids;
    }
}
