package io.releasegates;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cycles between classes: the strongly connected components (Tarjan) of the graph of top-level classes, where
 * a nested, local or anonymous class counts as part of its top-level class (a record nested in a class is part of
 * that class's API, so a loop through it is a loop through the class).
 */
final class ClassCycles {
    private final Map<String, SortedSet<String>> edges = new TreeMap<>();
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> lowLink = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new TreeSet<>();
    private final List<SortedSet<String>> components = new ArrayList<>();

    private ClassCycles(JavaClasses classes, String packagePrefix) {
        for (JavaClass c : classes) {
            if (!c.getName().startsWith(packagePrefix)) {
                continue;
            }
            String from = topLevel(c);
            SortedSet<String> targets = edges.computeIfAbsent(from, k -> new TreeSet<>());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass().isArray() ? d.getTargetClass().getBaseComponentType() : d.getTargetClass();
                String to = topLevel(target);
                if (target.getName().startsWith(packagePrefix) && !to.equals(from)) {
                    targets.add(to);
                }
            }
        }
    }

    /** The class graph of {@code classes} below {@code packagePrefix}, its cycles found. */
    static ClassCycles of(JavaClasses classes, String packagePrefix) {
        ClassCycles graph = new ClassCycles(classes, packagePrefix);
        for (String node : graph.edges.keySet()) {
            if (!graph.index.containsKey(node)) {
                graph.connect(node);
            }
        }
        return graph;
    }

    /** Every cycle (a component of two or more top-level classes), each as its sorted class names. */
    List<SortedSet<String>> cycles() {
        return List.copyOf(components);
    }

    /** The edges inside one cycle, {@code A -> B, C} per class, so that a failure shows where to cut. */
    String describe(SortedSet<String> cycle, String packagePrefix) {
        StringBuilder out = new StringBuilder();
        for (String member : cycle) {
            List<String> inside = new ArrayList<>();
            for (String to : edges.getOrDefault(member, new TreeSet<>())) {
                if (cycle.contains(to)) {
                    inside.add(to.substring(packagePrefix.length()));
                }
            }
            out.append("\n    ").append(member.substring(packagePrefix.length())).append(" -> ").append(String.join(", ", inside));
        }
        return out.toString();
    }

    private static String topLevel(JavaClass c) {
        String name = c.getName();
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }

    private void connect(String node) {
        int n = index.size();
        index.put(node, n);
        lowLink.put(node, n);
        stack.push(node);
        onStack.add(node);
        for (String next : edges.getOrDefault(node, new TreeSet<>())) {
            if (!index.containsKey(next)) {
                connect(next);
                lowLink.put(node, Math.min(lowLink.get(node), lowLink.get(next)));
            } else if (onStack.contains(next)) {
                lowLink.put(node, Math.min(lowLink.get(node), index.get(next)));
            }
        }
        if (lowLink.get(node).equals(index.get(node))) {
            SortedSet<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                components.add(component);
            }
        }
    }
}
