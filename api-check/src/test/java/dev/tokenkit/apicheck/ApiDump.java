package dev.tokenkit.apicheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of one tokenkit module as text, in the spirit of OkHttp's {@code .api} files:
 * the module's name, its unqualified exports and the services it provides, then every public or
 * protected type of an exported package with its public and protected members, one line each,
 * sorted. Inherited members are not repeated; synthetic and bridge members are left out. A change
 * to any signature a user compiles against changes a line of it.
 */
final class ApiDump {
    private ApiDump() {
    }

    /**
     * Dumps the module whose classes are at {@code location} (a jar or a classes directory with
     * a {@code module-info.class}), loading its classes through {@code loader} without
     * initialising them.
     */
    static String of(Path location, ClassLoader loader) {
        ModuleReference ref = ModuleFinder.of(location).findAll().stream().findFirst().orElseThrow(() ->
                new IllegalArgumentException(location + " holds no module-info.class: every published tokenkit module"
                        + " declares one"));
        ModuleDescriptor d = ref.descriptor();
        List<String> out = new ArrayList<>();
        out.add("module " + d.name());
        Set<String> exported = d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        exported.forEach(p -> out.add("  exports " + p));
        d.provides().stream().map(p -> "  provides " + p.service() + " with " + String.join(", ", p.providers()))
                .sorted().forEach(out::add);
        for (String type : typesIn(ref, exported)) {
            Class<?> c;
            try {
                c = Class.forName(type, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("cannot load " + type + " from " + location + ": " + e, e);
            }
            if (visible(c)) {
                out.add("");
                out.add(header(c));
                members(c).forEach(m -> out.add("  " + m));
            }
        }
        return String.join("\n", out) + "\n";
    }

    /** The binary names of the classes in the exported packages, sorted. */
    private static Set<String> typesIn(ModuleReference ref, Set<String> packages) {
        try (var reader = ref.open(); Stream<String> entries = reader.list()) {
            return entries.filter(e -> e.endsWith(".class") && !e.endsWith("module-info.class")
                            && !e.endsWith("package-info.class") && !e.startsWith("META-INF/"))
                    .map(e -> e.substring(0, e.length() - ".class".length()).replace('/', '.'))
                    .filter(n -> packages.contains(n.substring(0, n.lastIndexOf('.'))))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a user outside the module can name the type: it and every type enclosing it are public or protected. */
    private static boolean visible(Class<?> c) {
        if (c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) {
            return false;
        }
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!accessible(k.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static boolean accessible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String header(Class<?> c) {
        int m = c.getModifiers();
        StringBuilder s = new StringBuilder(Modifier.isPublic(m) ? "public " : "protected ");
        if (c.getDeclaringClass() != null && Modifier.isStatic(m) && !c.isInterface() && !c.isEnum() && !c.isRecord()) {
            s.append("static ");
        }
        if (c.isSealed()) {
            s.append("sealed ");
        }
        if (c.isAnnotation()) {
            s.append("@interface ");
        } else if (c.isInterface()) {
            s.append("interface ");
        } else if (c.isEnum()) {
            s.append("enum ");
        } else if (c.isRecord()) {
            s.append("record ");
        } else {
            if (Modifier.isAbstract(m)) {
                s.append("abstract ");
            } else if (Modifier.isFinal(m)) {
                s.append("final ");
            }
            s.append("class ");
        }
        s.append(c.getName()).append(typeParameters(c.getTypeParameters()));
        Type sup = c.getGenericSuperclass();
        if (sup != null && sup != Object.class && !c.isEnum() && !c.isRecord()) {
            s.append(" extends ").append(sup.getTypeName());
        }
        Type[] interfaces = c.getGenericInterfaces();
        if (c.isAnnotation()) {
            interfaces = new Type[0];
        }
        if (interfaces.length > 0) {
            s.append(c.isInterface() ? " extends " : " implements ")
                    .append(Arrays.stream(interfaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
        }
        if (c.isSealed()) {
            s.append(" permits ").append(Arrays.stream(c.getPermittedSubclasses()).map(Class::getName).sorted()
                    .collect(Collectors.joining(", ")));
        }
        return s.toString();
    }

    private static String typeParameters(TypeVariable<?>[] vars) {
        if (vars.length == 0) {
            return "";
        }
        return Arrays.stream(vars).map(v -> {
            Type[] bounds = v.getBounds();
            boolean plain = bounds.length == 1 && bounds[0] == Object.class;
            return plain ? v.getName() : v.getName() + " extends "
                    + Arrays.stream(bounds).map(Type::getTypeName).collect(Collectors.joining(" & "));
        }).collect(Collectors.joining(", ", "<", ">"));
    }

    /** Its public and protected constructors, methods and fields, sorted. */
    private static Set<String> members(Class<?> c) {
        Set<String> lines = new TreeSet<>();
        boolean extensible = !Modifier.isFinal(c.getModifiers()) && !c.isEnum() && !c.isRecord();
        List<Member> all = new ArrayList<>();
        all.addAll(Arrays.asList(c.getDeclaredConstructors()));
        all.addAll(Arrays.asList(c.getDeclaredMethods()));
        all.addAll(Arrays.asList(c.getDeclaredFields()));
        for (Member member : all) {
            int m = member.getModifiers();
            if (member.isSynthetic() || (member instanceof Method method && method.isBridge())) {
                continue;
            }
            // a protected member of a final class cannot be reached from outside its package
            if (Modifier.isPublic(m) || (Modifier.isProtected(m) && extensible)) {
                lines.add(signature(c, member));
            }
        }
        return lines;
    }

    private static String signature(Class<?> owner, Member member) {
        String full = member instanceof Executable e ? e.toGenericString() : ((Field) member).toGenericString();
        // the declaring type is in the header already: "dev.tokenkit.X.name(" reads as "name("
        String prefix = owner.getTypeName() + ".";
        if (member instanceof Constructor<?>) {
            return full.replace(owner.getTypeName() + "(", "<init>(");
        }
        int at = full.indexOf(prefix + member.getName());
        return at < 0 ? full : full.substring(0, at) + full.substring(at + prefix.length());
    }
}
