package dev.pods.runtime;

import dev.pods.PodException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The public static methods of one name in one pod class, and the overload chosen for each
 * combination of argument runtime types (cached). Overloads: fixed arity before varargs; among
 * applicable ones the most specific wins; if none is, the call is ambiguous and the error lists
 * the candidates. A boxed argument matches its primitive parameter exactly (and widens as Java does).
 */
final class Overloads {
    private static final Object NULL_KEY = new Object();

    final String target;
    private final Candidate[] candidates;
    private final Map<List<Object>, Selection> chosen = new ConcurrentHashMap<>();
    /** The last selection (a monomorphic cache in front of {@link #chosen}); final fields, so racy reads are safe. */
    private Selection last;

    /** The overload chosen for one combination of argument runtime types. */
    private static final class Selection {
        final Class<?>[] types;
        final Candidate candidate;
        /** Whether some argument must be widened to its primitive parameter (else they pass as they are). */
        final boolean widen;

        Selection(Class<?>[] types, Candidate candidate) {
            this.types = types;
            this.candidate = candidate;
            this.widen = candidate.widens(types);
        }
    }

    private Overloads(String target, Candidate[] candidates) {
        this.target = target;
        this.candidates = candidates;
    }

    /** Finds the methods, to be invoked through method handles; {@code cls} is already loaded (and initialized) in the pod. */
    static Overloads of(String target, Class<?> cls, String method) {
        return of(target, cls, method, false);
    }

    /**
     * Finds the methods; {@code cls} is already loaded (and initialized) in the pod.
     *
     * @param reflective invoke through {@link Method#invoke} instead of a spread method handle: a
     *                   fresh JVM spins some classes for each handle's type adaptation, 10-30 ms
     *                   of a child's first call (measured), while a call that crosses a socket
     *                   does not notice reflection's few nanoseconds more
     */
    static Overloads of(String target, Class<?> cls, String method, boolean reflective) {
        Map<String, Method> bySig = new LinkedHashMap<>();
        for (Method m : cls.getMethods()) {
            if (m.getName().equals(method) && Modifier.isStatic(m.getModifiers())) {
                bySig.putIfAbsent(Arrays.toString(m.getParameterTypes()), m);
            }
        }
        if (bySig.isEmpty()) {
            List<String> names = Arrays.stream(cls.getMethods()).filter(m -> Modifier.isStatic(m.getModifiers()))
                    .map(Method::getName).distinct().sorted().collect(Collectors.toList());
            throw new PodException("call " + target + ": " + cls.getName() + " has no public static method '"
                    + method + "'" + (names.isEmpty() ? " (it has no public static methods)"
                    : "; its public static methods are " + names));
        }
        List<Candidate> cs = new ArrayList<>();
        for (Method m : bySig.values()) {
            cs.add(new Candidate(m, reflective ? accessible(target, m) : handle(target, m)));
        }
        return new Overloads(target, cs.toArray(new Candidate[0]));
    }

    /** Null (a reflective candidate) once {@code m} can be invoked, as {@link #handle} decides it. */
    private static MethodHandle accessible(String target, Method m) {
        try {
            if (!m.canAccess(null)) {
                m.setAccessible(true);
            }
            return null;
        } catch (RuntimeException e) {
            throw new PodException("call " + target + ": " + m + " is not accessible: " + e.getMessage(), e);
        }
    }

    private static MethodHandle handle(String target, Method m) {
        try {
            return MethodHandles.publicLookup().unreflect(m);
        } catch (IllegalAccessException notPublicClass) {
            try {
                m.setAccessible(true);
                return MethodHandles.lookup().unreflect(m);
            } catch (IllegalAccessException | RuntimeException e) {
                throw new PodException("call " + target + ": " + m + " is not accessible: " + e.getMessage(), e);
            }
        }
    }

    /** Invokes the overload chosen for {@code args}' runtime types. */
    Object invoke(Object[] args) throws Throwable {
        Selection s = selection(args);
        return s.candidate.invoke(args, s.widen);
    }

    Candidate select(Object[] args) {
        return selection(args).candidate;
    }

    private Selection selection(Object[] args) {
        Selection s = last;
        if (s != null && matches(s.types, args)) {
            return s;
        }
        List<Object> key = new ArrayList<>(args.length);
        Class<?>[] types = new Class<?>[args.length];
        for (int i = 0; i < args.length; i++) {
            types[i] = args[i] == null ? null : args[i].getClass();
            key.add(args[i] == null ? NULL_KEY : types[i]);
        }
        s = chosen.get(key);
        if (s == null) {
            s = new Selection(types, choose(types));
            chosen.put(key, s);
        }
        last = s;
        return s;
    }

    private static boolean matches(Class<?>[] types, Object[] args) {
        if (types.length != args.length) {
            return false;
        }
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if ((a == null ? null : a.getClass()) != types[i]) {
                return false;
            }
        }
        return true;
    }

    private Candidate choose(Class<?>[] types) {
        List<Candidate> fixed = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.params.length == types.length && applicable(c.params, types, c.params.length)) {
                fixed.add(c);
            }
        }
        List<Candidate> applicable = fixed;
        boolean varargs = false;
        if (fixed.isEmpty()) {
            applicable = new ArrayList<>();
            for (Candidate c : candidates) {
                if (c.varargs && c.acceptsVarargs(types)) {
                    applicable.add(c);
                }
            }
            varargs = true;
        }
        if (applicable.isEmpty()) {
            throw new PodException("call " + target + ": no overload accepts arguments " + describe(types)
                    + "; the candidates are " + describe(Arrays.asList(candidates)));
        }
        List<Candidate> best = new ArrayList<>();
        for (Candidate c : applicable) {
            boolean mostSpecific = true;
            for (Candidate o : applicable) {
                if (o != c && !moreSpecific(c.params, o.params)) {
                    mostSpecific = false;
                    break;
                }
            }
            if (mostSpecific) {
                best.add(c);
            }
        }
        if (best.size() != 1) {
            throw new PodException("call " + target + " is ambiguous for arguments " + describe(types)
                    + ": the candidates " + describe(applicable) + " all apply and none is more specific;"
                    + " pass arguments whose runtime types pick one");
        }
        Candidate c = best.get(0);
        return varargs ? c.asVarargs(types.length) : c;
    }

    private static String describe(Class<?>[] types) {
        return Arrays.stream(types).map(t -> t == null ? "null" : t.getName())
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static String describe(List<Candidate> cs) {
        return cs.stream().map(c -> c.method.toGenericString()).collect(Collectors.joining("; ", "[", "]"));
    }

    static boolean applicable(Class<?>[] params, Class<?>[] types, int n) {
        for (int i = 0; i < n; i++) {
            if (!accepts(params[i], types[i])) {
                return false;
            }
        }
        return true;
    }

    static boolean accepts(Class<?> param, Class<?> arg) {
        if (arg == null) {
            return !param.isPrimitive();
        }
        if (param.isPrimitive()) {
            Class<?> prim = unwrap(arg);
            return prim != null && (prim == param || widens(prim, param));
        }
        return param.isAssignableFrom(arg);
    }

    /** Whether a parameter type {@code a} is at least as specific as {@code b}. */
    private static boolean moreSpecific(Class<?>[] a, Class<?>[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (!subtype(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean subtype(Class<?> a, Class<?> b) {
        if (a == b) {
            return true;
        }
        if (a.isPrimitive() && b.isPrimitive()) {
            return widens(a, b);
        }
        if (a.isPrimitive()) {
            return b.isAssignableFrom(wrap(a));
        }
        if (b.isPrimitive()) {
            return false;
        }
        return b.isAssignableFrom(a);
    }

    private static final Map<Class<?>, Class<?>> UNWRAP = Map.of(Integer.class, int.class, Long.class, long.class,
            Short.class, short.class, Byte.class, byte.class, Character.class, char.class, Boolean.class,
            boolean.class, Float.class, float.class, Double.class, double.class);

    static Class<?> unwrap(Class<?> c) {
        return UNWRAP.get(c);
    }

    static Class<?> wrap(Class<?> prim) {
        return MethodType.methodType(prim).wrap().returnType();
    }

    static boolean widens(Class<?> from, Class<?> to) {
        if (from == byte.class) {
            return to == short.class || to == int.class || to == long.class || to == float.class || to == double.class;
        }
        if (from == short.class || from == char.class) {
            return to == int.class || to == long.class || to == float.class || to == double.class;
        }
        if (from == int.class) {
            return to == long.class || to == float.class || to == double.class;
        }
        if (from == long.class) {
            return to == float.class || to == double.class;
        }
        return from == float.class && to == double.class;
    }

    /** Converts a boxed value to the wrapper of the primitive parameter it is passed to (widening). */
    static Object convert(Object v, Class<?> prim) {
        if (v == null || !prim.isPrimitive() || unwrap(v.getClass()) == prim) {
            return v;
        }
        if (v instanceof Character) {
            v = (int) (Character) v;
        }
        Number n = (Number) v;
        if (prim == long.class) {
            return n.longValue();
        }
        if (prim == int.class) {
            return n.intValue();
        }
        if (prim == short.class) {
            return n.shortValue();
        }
        if (prim == float.class) {
            return n.floatValue();
        }
        return n.doubleValue();
    }

    /** One overload, with a handle spread over an {@code Object[]} of arguments, or reflective (no handle). */
    static final class Candidate {
        final Method method;
        final Class<?>[] params;
        final boolean varargs;
        private final boolean primitives;
        /** Null: invoked through {@link Method#invoke}. */
        private final MethodHandle spread;
        private final int varargsArity;

        Candidate(Method method, MethodHandle mh) {
            this(method, mh, -1);
        }

        private Candidate(Method method, MethodHandle mh, int varargsArity) {
            this.method = method;
            this.params = method.getParameterTypes();
            this.varargs = method.isVarArgs();
            this.primitives = Arrays.stream(params).anyMatch(Class::isPrimitive);
            this.varargsArity = varargsArity;
            if (mh == null) {
                this.spread = null;
            } else {
                MethodHandle fixed = mh.asFixedArity();
                this.spread = fixed.asType(fixed.type().generic()).asSpreader(Object[].class, params.length);
            }
        }

        boolean acceptsVarargs(Class<?>[] types) {
            int fixedCount = params.length - 1;
            if (types.length < fixedCount || !applicable(params, types, fixedCount)) {
                return false;
            }
            Class<?> comp = params[fixedCount].getComponentType();
            for (int i = fixedCount; i < types.length; i++) {
                if (!accepts(comp, types[i])) {
                    return false;
                }
            }
            return true;
        }

        Candidate asVarargs(int arity) {
            return new Candidate(method, spread == null ? null : spreadSource(), arity);
        }

        private MethodHandle spreadSource() {
            try {
                return handle("", method);
            } catch (PodException e) {
                throw e;
            }
        }

        /** Whether arguments of exactly these runtime types need widening to some primitive parameter. */
        boolean widens(Class<?>[] types) {
            if (varargsArity >= 0) {
                return true; // the spread array is built per call, converting as it goes
            }
            for (int i = 0; i < params.length; i++) {
                if (params[i].isPrimitive() && types[i] != null && unwrap(types[i]) != params[i]) {
                    return true;
                }
            }
            return false;
        }

        /** {@code widen} false: the caller knows every argument already has its parameter's exact type. */
        Object invoke(Object[] args, boolean widen) throws Throwable {
            Object[] a = args;
            if (varargsArity >= 0) {
                int fixedCount = params.length - 1;
                Class<?> comp = params[fixedCount].getComponentType();
                Object rest = Array.newInstance(comp, args.length - fixedCount);
                for (int i = fixedCount; i < args.length; i++) {
                    Array.set(rest, i - fixedCount, convert(args[i], comp));
                }
                a = new Object[params.length];
                System.arraycopy(args, 0, a, 0, fixedCount);
                a[fixedCount] = rest;
            }
            if (primitives && widen) {
                boolean copied = a != args;
                for (int i = 0; i < params.length; i++) {
                    Object v = convert(a[i], params[i]);
                    if (v != a[i]) {
                        if (!copied) {
                            a = a.clone();
                            copied = true;
                        }
                        a[i] = v;
                    }
                }
            }
            if (spread == null) {
                try {
                    return method.invoke(null, a);
                } catch (InvocationTargetException e) {
                    throw e.getCause(); // what the method threw, as a handle would have let it through
                }
            }
            return (Object) spread.invokeExact(a);
        }
    }
}
