package dev.pods.runtime;

import dev.pods.runtime.loader.JdkInternals;
import dev.pods.runtime.loader.PodClassLoader;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Timer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a pod holds in its static fields that runs on its own: executors, timers and threads,
 * found by a bounded walk from the static fields of every class the pod's loader defined
 * through the objects they reach (pod objects field by field, JDK collections, maps, arrays and
 * atomic references element by element). What the pod can reach is the pod's: shutting it
 * down cannot take anything from the host.
 *
 * <p>The walk reads fields only (never calls pod code, never initializes a class: static fields
 * are read through {@link JdkInternals#readStatic}); where that is not possible (JDK 24+ without
 * the module opened) it finds nothing and close falls back to looking at threads.
 */
final class PodStatics {
    /** Objects visited at most, so that a pod with a huge object graph cannot stall close. */
    static final int MAX_OBJECTS = 50_000;
    /** Elements of one collection, map or array looked at, at most. */
    static final int MAX_ELEMENTS = 10_000;

    private final List<ExecutorService> executors = new ArrayList<>();
    private final List<Timer> timers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private boolean complete = true;

    private PodStatics() {
    }

    /** Executors reachable from the pod's statics (the common pool excluded). */
    List<ExecutorService> executors() {
        return executors;
    }

    /** Timers reachable from the pod's statics. */
    List<Timer> timers() {
        return timers;
    }

    /** Thread objects reachable from the pod's statics (live, not yet started, or ended). */
    List<Thread> threads() {
        return threads;
    }

    /** False when the walk stopped at its bound or could not read static fields. */
    boolean complete() {
        return complete;
    }

    /** Walks the statics of the classes {@code loader} defined. */
    static PodStatics scan(PodClassLoader loader) {
        PodStatics found = new PodStatics();
        if (!JdkInternals.canReadJdk()) {
            found.complete = false;
            return found;
        }
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object> work = new ArrayDeque<>();
        for (Class<?> c : loader.definedClasses()) {
            Field[] fields;
            try {
                fields = c.getDeclaredFields();
            } catch (LinkageError | RuntimeException e) {
                continue; // a field type that cannot be loaded: nothing readable here
            }
            for (Field f : fields) {
                if (Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                    push(JdkInternals.readStatic(f), seen, work);
                }
            }
        }
        while (!work.isEmpty()) {
            if (seen.size() > MAX_OBJECTS) {
                found.complete = false;
                break;
            }
            found.visit(work.pop(), loader, seen, work);
        }
        return found;
    }

    private static void push(Object o, Set<Object> seen, ArrayDeque<Object> work) {
        if (o != null && !(o instanceof Class) && !(o instanceof ClassLoader) && seen.add(o)) {
            work.push(o);
        }
    }

    private void visit(Object o, PodClassLoader loader, Set<Object> seen, ArrayDeque<Object> work) {
        if (o instanceof ExecutorService) {
            if (o != java.util.concurrent.ForkJoinPool.commonPool()) {
                executors.add((ExecutorService) o);
            }
            return;
        }
        if (o instanceof Timer) {
            timers.add((Timer) o);
            return;
        }
        if (o instanceof Thread) {
            threads.add((Thread) o);
            return;
        }
        Class<?> c = o.getClass();
        if (c.isArray()) {
            if (!c.getComponentType().isPrimitive()) {
                int n = Math.min(Array.getLength(o), MAX_ELEMENTS);
                for (int i = 0; i < n; i++) {
                    push(Array.get(o, i), seen, work);
                }
            }
            return;
        }
        if (c.getClassLoader() == loader) {
            for (Class<?> k = c; k != null && k.getClassLoader() == loader; k = k.getSuperclass()) {
                Field[] fields;
                try {
                    fields = k.getDeclaredFields();
                } catch (LinkageError | RuntimeException e) {
                    continue;
                }
                for (Field f : fields) {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                        push(JdkInternals.read(o, f), seen, work);
                    }
                }
            }
            return;
        }
        if (c.getClassLoader() != null && c.getClassLoader() != ClassLoader.getPlatformClassLoader()) {
            return; // the host's or another pod's object: not walked (and its methods never called)
        }
        // JDK containers: their public views, so that no JDK internals need reading.
        try {
            if (o instanceof Collection) {
                Object[] items = ((Collection<?>) o).toArray();
                for (int i = 0; i < Math.min(items.length, MAX_ELEMENTS); i++) {
                    push(items[i], seen, work);
                }
            } else if (o instanceof Map) {
                int n = 0;
                for (Map.Entry<?, ?> e : List.copyOf(((Map<?, ?>) o).entrySet())) {
                    push(e.getKey(), seen, work);
                    push(e.getValue(), seen, work);
                    if (++n >= MAX_ELEMENTS) {
                        break;
                    }
                }
            } else if (o instanceof AtomicReference) {
                push(((AtomicReference<?>) o).get(), seen, work);
            } else if (o instanceof Optional) {
                push(((Optional<?>) o).orElse(null), seen, work);
            }
        } catch (RuntimeException e) {
            // changed while we looked, or a null key List.copyOf refuses: what was seen stays found
            complete = false;
        }
    }
}
