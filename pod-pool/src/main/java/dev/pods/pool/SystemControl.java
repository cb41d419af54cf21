package dev.pods.pool;

import dev.pods.Pod;
import dev.pods.pool.internal.SystemHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the reload loop starts and stops the application's system in a pod, and whether it can
 * reload changed code in the running pod. Two kinds: Java static methods ({@code pkg.Class/method},
 * the system kept by {@link SystemHolder}) and Clojure vars ({@code clojure:ns/name}, the system
 * kept in the pod's Clojure, namespaces refreshed in place by tools.namespace when the pod has it).
 * Used by one reset at a time.
 */
abstract class SystemControl {
    private static final Logger log = LoggerFactory.getLogger(SystemControl.class);
    static final String CLOJURE = "clojure:";

    /** Starts the system in {@code pod}; a failure is thrown as the pod reported it. */
    abstract void start(Pod pod);

    /** Stops the system running in {@code pod}. */
    abstract void stop(Pod pod);

    /** Whether a change can be applied by stopping, reloading in the running pod and starting again. */
    abstract boolean reloadsInPlace();

    /**
     * Runs on each warm pod before it counts as warm: dependency code, and for Clojure with
     * tools.namespace the application's namespaces, which the start brings up to date.
     */
    abstract void warm(Pod pod);

    /** Whether {@link #warm} loads application code that a later {@link #warm} can bring up to date. */
    abstract boolean preparesAhead();

    /** Whether the pods need {@link SystemHolder} on their classpath (Java systems keep their value there). */
    abstract boolean usesHolder();

    /** The start target, for messages. */
    abstract String startTarget();

    static SystemControl of(String start, String stop) {
        boolean clojure = start.startsWith(CLOJURE);
        if (stop != null && stop.startsWith(CLOJURE) != clojure) {
            throw new IllegalArgumentException("start " + start + " and stop " + stop + " must both be Clojure vars"
                    + " (clojure:ns/name) or both Java methods (pkg.Class/method): the system value stays in the"
                    + " runtime that made it");
        }
        return clojure ? new ClojureVars(start, stop) : new JavaMethods(start, stop);
    }

    /** {@code pkg.Class/method} targets, through the holder class copied onto each pod's classpath. */
    static final class JavaMethods extends SystemControl {
        private static final String HOLDER = SystemHolder.class.getName();
        private final String start;
        private final String stopClass;
        private final String stopMethod;

        JavaMethods(String start, String stop) {
            this.start = start;
            int t = stop == null ? -1 : stop.indexOf('/');
            this.stopClass = stop == null ? null : stop.substring(0, t);
            this.stopMethod = stop == null ? null : stop.substring(t + 1);
        }

        @Override
        void start(Pod pod) {
            int s = start.indexOf('/');
            pod.call(HOLDER + "/start", start.substring(0, s), start.substring(s + 1));
        }

        @Override
        void stop(Pod pod) {
            if (stopClass != null) {
                pod.call(HOLDER + "/stop", stopClass, stopMethod);
            }
        }

        @Override
        boolean reloadsInPlace() {
            return false; // a class, once loaded, cannot be loaded again by the same loader
        }

        @Override
        void warm(Pod pod) {
        }

        @Override
        boolean preparesAhead() {
            return false;
        }

        @Override
        boolean usesHolder() {
            return true;
        }

        @Override
        String startTarget() {
            return start;
        }
    }

    /** {@code clojure:ns/name} targets, through pods.pod in the pod's Clojure. */
    static final class ClojureVars extends SystemControl {
        private final String start;
        private final String stop;
        /** Learnt at the first start: whether the pod has tools.namespace. */
        private volatile boolean refreshes;

        ClojureVars(String start, String stop) {
            this.start = start.substring(CLOJURE.length());
            this.stop = stop == null ? null : stop.substring(CLOJURE.length());
        }

        @Override
        void start(Pod pod) {
            Object how = pod.call("clojure:pods.pod/start-system", start);
            refreshes = "refreshed".equals(how);
        }

        @Override
        void stop(Pod pod) {
            pod.call("clojure:pods.pod/stop-system", stop);
        }

        @Override
        boolean reloadsInPlace() {
            return refreshes;
        }

        /**
         * Loads Clojure, tools.namespace and, when the pod has tools.namespace and its directories
         * hold no compiled classes, the application's namespaces (without starting anything): the
         * start then reloads only the files that differ from what was loaded, compared by content.
         * A load failure here is not one of the pool: the start loads everything again and reports it.
         */
        @Override
        void warm(Pod pod) {
            Object how = pod.call("clojure:pods.pod/prepare");
            if (how instanceof String s && !s.equals("prepared") && !s.equals("unavailable")) {
                log.debug("warm pod {}: {}", pod.name(), s);
            }
        }

        @Override
        boolean preparesAhead() {
            return true; // with tools.namespace (reloadsInPlace); pods.pod/prepare only warms without it
        }

        @Override
        boolean usesHolder() {
            return false; // the system value stays in the pod's Clojure (pods.pod)
        }

        @Override
        String startTarget() {
            return CLOJURE + start;
        }
    }
}
