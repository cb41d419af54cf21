package dev.pods.runtime;

import dev.pods.CallTarget;
import dev.pods.PodBridgeException;
import dev.pods.PodClosedException;
import dev.pods.PodEvalException;
import dev.pods.PodException;
import dev.pods.PodTimeoutException;
import dev.pods.runtime.bridge.RemoteExceptions;
import dev.pods.runtime.loader.PodClassLoader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The pod side of every crossing: what runs inside the pod's loader once a request's values are
 * pod values. Parses call targets ({@link CallTarget}) and caches their overloads, chooses the
 * overload and invokes it, loads classes, evaluates code, makes and invokes proxy targets, and
 * turns every failure into a host type of the {@link PodException} family carrying the pod's
 * exception as data (never a live pod Throwable).
 *
 * <p>The same object serves an in-process pod (the host thread calls it directly, inside the
 * pod's context) and a pod in a child JVM (the child's request loop calls it). It neither
 * copies values nor knows the transport. Thread-safe.
 */
final class PodSide {
    private final String pod;
    private final PodClassLoader loader;
    private final List<Path> classpath;
    private final Predicate<String> shared;
    private final Evaluators evaluators;
    private final Map<String, Overloads> targets = new ConcurrentHashMap<>();
    private final Map<Method, MethodHandle> proxyHandles = new ConcurrentHashMap<>();

    /** Whether call targets invoke by reflection (a child JVM: see {@link Overloads#of(String, Class, String, boolean)}). */
    private final boolean reflectiveCalls;

    PodSide(String pod, PodClassLoader loader, List<Path> classpath, Predicate<String> shared, Evaluators evaluators) {
        this(pod, loader, classpath, shared, evaluators, false);
    }

    PodSide(String pod, PodClassLoader loader, List<Path> classpath, Predicate<String> shared, Evaluators evaluators,
            boolean reflectiveCalls) {
        this.reflectiveCalls = reflectiveCalls;
        this.pod = pod;
        this.loader = loader;
        this.classpath = classpath;
        this.shared = shared;
        this.evaluators = evaluators;
    }

    PodClassLoader loader() {
        return loader;
    }

    Evaluators evaluators() {
        return evaluators;
    }

    /**
     * Calls a public static method {@code pkg.Class/method}, or a Clojure var
     * {@code clojure:ns/name}, with pod-side arguments; returns the pod-side result. The target is
     * parsed by {@link CallTarget} the first time it is seen.
     */
    Object call(String target, Object[] podArgs) {
        Overloads t = targets.get(target);
        if (t == null) {
            CallTarget parsed = CallTarget.parse(target);
            if (!parsed.isJava()) {
                return LanguageCalls.call(evaluators, parsed, podArgs);
            }
            t = overloads(parsed);
        }
        try {
            return t.invoke(podArgs);
        } catch (PodException e) {
            throw hostOnly(e, "call " + target);
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable e) {
            throw RemoteExceptions.toCallException("call " + target, e);
        }
    }

    /** Loads and initializes a class. */
    void require(String className) {
        load(className, "require");
    }

    /** Evaluates code in a language the pod offers; returns the pod-side value. */
    Object eval(String language, String code) {
        try {
            return evaluators.get(language).eval(code);
        } catch (PodEvalException | PodTimeoutException | PodClosedException | PodBridgeException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable e) {
            throw new PodEvalException(language, language + " code threw " + e.getClass().getName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    RemoteExceptions.toCallException("eval " + language, e));
        }
    }

    Set<String> languages() {
        return evaluators.languages();
    }

    /**
     * A new instance of {@code implClass} for a proxy of the interface {@code ifaceName}, which
     * the pod must load from a shared package; returns the interface as the pod sees it and the instance.
     */
    Object[] proxyTarget(String ifaceName, String ifacePackage, String implClass) {
        Class<?> seen;
        try {
            seen = Class.forName(ifaceName, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new PodException("proxy: pod '" + pod + "' cannot see " + ifaceName + "; an interface"
                    + " used across the boundary must be in a shared package: add PodEnv.withSharedPackages(\""
                    + ifacePackage + "\")", e);
        }
        if (seen.getClassLoader() == loader) {
            throw notShared(ifaceName, ifacePackage);
        }
        Class<?> c = load(implClass, "proxy");
        if (!seen.isAssignableFrom(c)) {
            throw new PodException("proxy: " + implClass + " does not implement " + ifaceName);
        }
        try {
            return new Object[] {seen, c.getConstructor().newInstance()};
        } catch (NoSuchMethodException e) {
            throw new PodException("proxy: " + implClass + " needs a public no-argument constructor", e);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw RemoteExceptions.toCallException("proxy: new " + implClass + "()", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new PodException("proxy: cannot instantiate " + implClass + ": " + e, e);
        }
    }

    static PodException notShared(String ifaceName, String ifacePackage) {
        return new PodException("proxy: the pod loads its own copy of " + ifaceName
                + " (package " + ifacePackage + " is not shared), so a pod object could never be"
                + " cast to the host's (the 'X cannot be cast to X' error); add the package with"
                + " PodEnv.withSharedPackages(\"" + ifacePackage + "\")");
    }

    /** Invokes an interface method on a proxy target with pod-side arguments. */
    Object invoke(String what, Object receiver, Method m, Object[] podArgs) {
        MethodHandle mh = proxyHandles.computeIfAbsent(m, k -> {
            try {
                MethodHandle raw = MethodHandles.publicLookup().unreflect(k);
                return raw.asType(raw.type().generic()).asSpreader(Object[].class, k.getParameterCount());
            } catch (IllegalAccessException e) {
                throw new PodException(what + ": not accessible: " + e.getMessage(), e);
            }
        });
        try {
            return (Object) mh.invokeExact(receiver, podArgs);
        } catch (PodException e) {
            throw hostOnly(e, what);
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable e) {
            throw RemoteExceptions.toCallException(what, e);
        }
    }

    /**
     * The {@code Object} methods of a host-side proxy to a pod object, answered on the host:
     * identity equality and hash, and a description instead of the target's toString.
     */
    static Object objectMethod(Object proxy, Method m, Object[] args, String description) {
        switch (m.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return description;
        }
    }

    /** Drops the caches (they pin pod classes). */
    void clear() {
        targets.clear();
        proxyHandles.clear();
    }

    /**
     * A PodException raised inside a call passes through as it is (its class is the host's: a
     * nested pod's error, an overload error) unless the pod defined its own subclass, which
     * must not reach the host as an object.
     */
    static PodException hostOnly(PodException e, String what) {
        return e.getClass().getClassLoader() instanceof PodClassLoader ? RemoteExceptions.toCallException(what, e) : e;
    }

    private Overloads overloads(CallTarget target) {
        String text = target.toString();
        Class<?> cls = load(target.owner(), "call " + text);
        Overloads t = Overloads.of(text, cls, target.member(), reflectiveCalls);
        Overloads raced = targets.putIfAbsent(text, t);
        return raced != null ? raced : t;
    }

    /** Loads and initializes a class in the pod (the caller is inside the pod's context). */
    private Class<?> load(String className, String what) {
        try {
            return Class.forName(className, true, loader);
        } catch (NoClassDefFoundError e) {
            throw new PodException(what + ": pod '" + pod + "' could not load " + className + " because a class it"
                    + " needs is missing: " + e.getMessage() + "; the pod's classpath: " + classpathSummary(), e);
        } catch (ClassNotFoundException e) {
            throw new PodException(what + ": pod '" + pod + "' has no class " + className
                    + " (" + (shared.test(className) ? "it is in a shared package, so it must be on the host's"
                    + " classpath" : "it is not on the pod's classpath and not in a shared package")
                    + "); the pod's classpath: " + classpathSummary(), e);
        } catch (ExceptionInInitializerError e) {
            throw RemoteExceptions.toCallException(what + " (initializing " + className + ")",
                    e.getCause() != null ? e.getCause() : e);
        } catch (LinkageError e) {
            throw RemoteExceptions.toCallException(what + " (loading " + className + ")", e);
        }
    }

    private String classpathSummary() {
        if (classpath.isEmpty()) {
            return "(empty: add dependencies or PodEnv.withClasspath entries)";
        }
        int shown = Math.min(8, classpath.size());
        String s = classpath.subList(0, shown).stream().map(p -> String.valueOf(p.getFileName()))
                .collect(Collectors.joining(", "));
        return classpath.size() + " entries: " + s + (shown < classpath.size() ? ", ... (" + (classpath.size() - shown)
                + " more)" : "");
    }
}
