package dev.tokenkit.apicheck;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which top-level classes of one module refer to which others, read from the class files' constant
 * pools (class names, descriptors and generic signatures), with nested classes counted as their
 * top-level class; and the cycles among them.
 */
final class ClassGraph {
    private final Map<String, Set<String>> edges;

    private ClassGraph(Map<String, Set<String>> edges) {
        this.edges = edges;
    }

    /** The graph of the module at {@code location} (a jar or a classes directory). */
    static ClassGraph of(Path location) {
        ModuleReference ref = ModuleFinder.of(location).findAll().stream().findFirst().orElseThrow();
        Map<String, Set<String>> edges = new TreeMap<>();
        try (ModuleReader reader = ref.open()) {
            List<String> classes = reader.list().filter(e -> e.endsWith(".class") && !e.contains("-info.class")
                    && !e.startsWith("META-INF/")).toList();
            for (String entry : classes) {
                edges.computeIfAbsent(topLevel(entry.substring(0, entry.length() - ".class".length())),
                        k -> new TreeSet<>());
            }
            for (String entry : classes) {
                String from = topLevel(entry.substring(0, entry.length() - ".class".length()));
                byte[] bytes = reader.read(entry).map(b -> {
                    byte[] copy = new byte[b.remaining()];
                    b.get(copy);
                    return copy;
                }).orElseThrow();
                for (String to : references(bytes)) {
                    if (!to.equals(from) && edges.containsKey(to)) {
                        edges.get(from).add(to);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ClassGraph(edges);
    }

    /** The cycles (strongly connected components of two or more classes), each sorted. */
    List<Set<String>> cycles() {
        return new Tarjan().run();
    }

    /** The cycles whose classes are in more than one package: a package that needs another that needs it. */
    List<Set<String>> cyclesAcrossPackages() {
        return cycles().stream().filter(c -> c.stream().map(ClassGraph::packageOf).distinct().count() > 1).toList();
    }

    static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    private static String topLevel(String internalName) {
        int dollar = internalName.indexOf('$');
        return (dollar < 0 ? internalName : internalName.substring(0, dollar)).replace('/', '.');
    }

    /** Every tokenkit class a class file names in its constant pool. */
    private static Set<String> references(byte[] classFile) throws IOException {
        Set<String> out = new TreeSet<>();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> names(in.readUTF(), out);
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return out;
    }

    /** The internal names {@code dev/tokenkit/...} in a constant (a class name, descriptor or signature). */
    private static void names(String constant, Set<String> out) {
        for (int at = constant.indexOf("dev/tokenkit/"); at >= 0; at = constant.indexOf("dev/tokenkit/", at + 1)) {
            int end = at;
            while (end < constant.length() && (Character.isJavaIdentifierPart(constant.charAt(end))
                    || constant.charAt(end) == '/')) {
                end++;
            }
            out.add(topLevel(constant.substring(at, end)));
        }
    }

    /** Tarjan's strongly connected components, iterative. */
    private final class Tarjan {
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new HashSet<>();
        private final List<Set<String>> found = new ArrayList<>();
        private int next;

        List<Set<String>> run() {
            for (String v : edges.keySet()) {
                if (!index.containsKey(v)) {
                    visit(v);
                }
            }
            return found;
        }

        private void visit(String root) {
            Deque<Map.Entry<String, Iterator<String>>> work = new ArrayDeque<>();
            enter(root);
            work.push(Map.entry(root, edges.get(root).iterator()));
            while (!work.isEmpty()) {
                var top = work.peek();
                String v = top.getKey();
                if (top.getValue().hasNext()) {
                    String w = top.getValue().next();
                    if (!index.containsKey(w)) {
                        enter(w);
                        work.push(Map.entry(w, edges.get(w).iterator()));
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = work.peek().getKey();
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    Set<String> component = new TreeSet<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    if (component.size() > 1) {
                        found.add(component);
                    }
                }
            }
        }

        private void enter(String v) {
            index.put(v, next);
            low.put(v, next);
            next++;
            stack.push(v);
            onStack.add(v);
        }
    }
}
