package dev.pods.junit.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Not API: the entry point the host calls inside each pod ({@code Pod.call} needs a public
 * static method). It runs one test class with the JUnit Platform launcher the pod sees (its own
 * classpath's, or the one its class shares: see {@code JUnitLayer}) and returns what happened as
 * plain data (lists, maps, strings, booleans), because the pod's JUnit and exception classes are
 * not the host's.
 *
 * <p>Loaded by the pod's class loader: it may reference only the JDK, the JUnit Platform and
 * opentest4j, never the host side of {@code dev.pods.junit} or the runtime.
 *
 * <p>The result is a list of nodes in execution order, one map per test or container of the
 * run. The keys are the constants below; absent keys mean "none".
 */
@API(status = INTERNAL, since = "1.0")
public final class InPodRunner {
    /** Configuration parameter that tells the extension inside the pod to run the class plainly; its value labels the run. */
    public static final String IN_POD = "dev.pods.junit.inPod";

    public static final String ID = "id";
    public static final String PARENT = "parent";
    public static final String TYPE = "type";
    public static final String NAME = "name";
    public static final String STATUS = "status";
    public static final String REASON = "reason";
    public static final String ERROR = "error";
    public static final String ENTRIES = "entries";
    public static final String CHILD_STARTED = "childStarted";
    /** The id of the class template's own node, the parent of the run (id {@code ""}). */
    public static final String TEMPLATE = "[template]";
    /** Only on the engine's node (id {@code "[engine]"}): discovery issues, warnings and worse. */
    public static final String ISSUES = "issues";

    public static final String E_CLASS = "class";
    public static final String E_MESSAGE = "message";
    public static final String E_STACK = "stack";
    public static final String E_CAUSE = "cause";
    public static final String E_SUPPRESSED = "suppressed";
    public static final String E_ASSERTION = "assertion";
    public static final String E_EXPECTED = "expected";
    public static final String E_ACTUAL = "actual";

    /** Status of a node that was discovered but neither started nor skipped (its container failed first). */
    public static final String NOT_RUN = "NOT_RUN";
    public static final String SKIPPED = "SKIPPED";

    // A cause chain or suppressed tree deeper than this is cut (and said so): cycles and
    // pathological chains must not blow the stack or the payload.
    private static final int MAX_DEPTH = 32;

    private static final String JUPITER_ENGINE = "org.junit.jupiter.engine.JupiterTestEngine";

    private InPodRunner() {
    }

    /**
     * Runs {@code className} (a top-level class on the pod's classpath) with the Jupiter engine
     * and returns its nodes. The node with id {@code ""} is the class's own run (the class
     * template invocation inside the pod); other ids are relative to it, such as
     * {@code [method:upper()]} or {@code [nested-class:Inner]/[method:x()]}. When the class
     * could not even be discovered there is no such node, and the engine's node (id
     * {@code "[engine]"}) carries the failure and the discovery issues.
     *
     * @param config configuration parameters for the run (besides the pod's own
     *               {@code junit-platform.properties}); must include {@link #IN_POD}
     */
    public static List<Map<String, Object>> run(String className, Map<String, String> config) {
        ClassLoader loader = InPodRunner.class.getClassLoader();
        Recorder recorder = new Recorder(className);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(loader, className))
                .filters(EngineFilter.includeEngines("junit-jupiter"))
                .configurationParameters(config)
                .listeners(recorder)
                .build();
        try (LauncherSession session = LauncherFactory.openSession(launcherConfig())) {
            session.getLauncher().execute(request, recorder);
        }
        return recorder.nodes();
    }

    /**
     * Loads the JUnit Platform and Jupiter into the pod by running {@link Warmup} (one empty test),
     * so that the class's own run later finds them loaded. Runs no user code: the pod's
     * {@code junit-platform.properties} is not read (it could turn on extension auto-detection)
     * and no listener is auto-registered. Safe to call ahead of time, while another pod runs.
     */
    public static void warm() {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(Warmup.class))
                .filters(EngineFilter.includeEngines("junit-jupiter"))
                .enableImplicitConfigurationParameters(false)
                .build();
        try (LauncherSession session = LauncherFactory.openSession(launcherConfig())) {
            session.getLauncher().execute(request, new TestExecutionListener() { });
        }
    }

    /**
     * The launcher for a run in the pod. Listeners that the test classpath registers through
     * ServiceLoader (reporting, IDE agents, Surefire's) belong to the host's run, which reports the
     * replayed tree. The Jupiter engine is made directly when the pod has it: looking engines up
     * through ServiceLoader opens every jar of the classpath and instantiates engines that the
     * run filters out anyway.
     */
    private static LauncherConfig launcherConfig() {
        LauncherConfig.Builder b = LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false);
        try {
            Object jupiter = Class.forName(JUPITER_ENGINE, true, InPodRunner.class.getClassLoader())
                    .getConstructor().newInstance();
            b.enableTestEngineAutoRegistration(false).addTestEngines((TestEngine) jupiter);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            // no Jupiter engine class under its usual name: let ServiceLoader find the engines
        }
        return b.build();
    }

    /** Not a test of anything: what {@link #warm()} runs. */
    @API(status = INTERNAL, since = "1.0")
    public static final class Warmup {
        @org.junit.jupiter.api.Test
        void warm() {
            // loading and running this is the point
        }
    }

    /** Records every node's outcome, keyed by its id relative to the class's run. */
    static final class Recorder implements TestExecutionListener, LauncherDiscoveryListener {
        private final String className;
        private final Map<String, Map<String, Object>> nodes = Collections.synchronizedMap(new LinkedHashMap<>());
        private final List<String> issues = Collections.synchronizedList(new ArrayList<>());

        Recorder(String className) {
            this.className = className;
        }

        List<Map<String, Object>> nodes() {
            synchronized (nodes) {
                Map<String, Object> engine = nodes.get("[engine]");
                if (engine != null && !issues.isEmpty()) {
                    engine.put(ISSUES, new ArrayList<>(issues));
                }
                return new ArrayList<>(nodes.values());
            }
        }

        @Override
        public void issueEncountered(UniqueId engineId, DiscoveryIssue issue) {
            if (issue.severity().compareTo(DiscoveryIssue.Severity.WARNING) >= 0) {
                StringBuilder sb = new StringBuilder(issue.severity() + ": " + issue.message());
                issue.source().ifPresent(s -> sb.append(" (").append(s).append(')'));
                issue.cause().ifPresent(c -> sb.append(" caused by ").append(c));
                issues.add(sb.toString());
            }
        }

        private Map<String, Object> node(TestIdentifier id) {
            String rel = relative(id.getUniqueIdObject());
            synchronized (nodes) {
                return nodes.computeIfAbsent(rel, k -> {
                    Map<String, Object> n = new LinkedHashMap<>();
                    n.put(ID, k);
                    id.getParentIdObject().map(this::relative).filter(p -> !p.equals(k)).ifPresent(p -> n.put(PARENT, p));
                    n.put(TYPE, id.getType().name());
                    n.put(NAME, id.getDisplayName());
                    n.put(STATUS, NOT_RUN);
                    return n;
                });
            }
        }

        private String relative(UniqueId id) {
            return relativeId(id, className);
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            node(id);
            id.getParentIdObject().ifPresent(p -> {
                String rel = relative(p);
                synchronized (nodes) {
                    Map<String, Object> parent = nodes.get(rel);
                    if (parent != null) {
                        parent.put(CHILD_STARTED, Boolean.TRUE);
                    }
                }
            });
        }

        @Override
        public void dynamicTestRegistered(TestIdentifier id) {
            node(id);
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            Map<String, Object> n = node(id);
            synchronized (nodes) {
                n.put(STATUS, SKIPPED);
                if (reason != null) {
                    n.put(REASON, reason);
                }
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            Map<String, Object> n = node(id);
            Map<String, Object> error = result.getThrowable().map(InPodRunner::encode).orElse(null);
            synchronized (nodes) {
                n.put(STATUS, result.getStatus().name());
                if (error != null) {
                    n.put(ERROR, error);
                }
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
            Map<String, Object> n = node(id);
            synchronized (nodes) {
                List<Map<String, String>> entries = (List<Map<String, String>>) n.computeIfAbsent(ENTRIES, k -> new ArrayList<>());
                entries.add(new LinkedHashMap<>(entry.getKeyValuePairs()));
            }
        }
    }

    /**
     * The id of a node below the invocation of {@code className}'s class template, as a path of
     * {@code [type:value]} segments ({@code ""} for the invocation itself); {@value #TEMPLATE} for the
     * class template (where the class's {@code @BeforeAll} and {@code @AfterAll} run), and
     * {@code "[engine]"} and {@code "[outside]"} for the nodes above it. The same on the host and in the pod, whatever
     * the invocation's index and whatever engine (a suite) surrounds it.
     */
    public static String relativeId(UniqueId id, String className) {
        List<UniqueId.Segment> segs = id.getSegments();
        for (int i = 0; i < segs.size(); i++) {
            UniqueId.Segment s = segs.get(i);
            if (!s.getType().equals("class-template") || !s.getValue().equals(className)) {
                continue;
            }
            if (i + 1 == segs.size()) {
                return TEMPLATE;
            }
            if (segs.get(i + 1).getType().equals("class-template-invocation")) {
                StringBuilder sb = new StringBuilder();
                for (int j = i + 2; j < segs.size(); j++) {
                    if (sb.length() > 0) {
                        sb.append('/');
                    }
                    sb.append('[').append(segs.get(j).getType()).append(':').append(segs.get(j).getValue()).append(']');
                }
                return sb.toString();
            }
        }
        return segs.size() == 1 ? "[engine]" : "[outside]";
    }

    /** A throwable as data: class name, message, frames, cause chain and suppressed ones. */
    public static Map<String, Object> encode(Throwable t) {
        return encode(t, 0, new IdentityHashMap<>());
    }

    private static Map<String, Object> encode(Throwable t, int depth, IdentityHashMap<Throwable, Boolean> seen) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(E_CLASS, t.getClass().getName());
        String message = safeMessage(t);
        if (message != null) {
            m.put(E_MESSAGE, message);
        }
        List<String> frames = new ArrayList<>();
        for (StackTraceElement e : t.getStackTrace()) {
            frames.add(e.getClassName() + '\t' + e.getMethodName() + '\t'
                    + (e.getFileName() == null ? "" : e.getFileName()) + '\t' + e.getLineNumber());
        }
        m.put(E_STACK, frames);
        if (t instanceof AssertionError) {
            m.put(E_ASSERTION, Boolean.TRUE);
        }
        if (t instanceof AssertionFailedError afe) {
            if (afe.isExpectedDefined()) {
                m.put(E_EXPECTED, afe.getExpected().getStringRepresentation());
            }
            if (afe.isActualDefined()) {
                m.put(E_ACTUAL, afe.getActual().getStringRepresentation());
            }
        }
        seen.put(t, Boolean.TRUE);
        Throwable cause = t.getCause();
        if (cause != null && cause != t) {
            m.put(E_CAUSE, depth >= MAX_DEPTH || seen.containsKey(cause) ? cut(cause) : encode(cause, depth + 1, seen));
        }
        Throwable[] suppressed = t.getSuppressed();
        if (suppressed.length > 0) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Throwable s : suppressed) {
                list.add(depth >= MAX_DEPTH || seen.containsKey(s) ? cut(s) : encode(s, depth + 1, seen));
            }
            m.put(E_SUPPRESSED, list);
        }
        return m;
    }

    private static Map<String, Object> cut(Throwable t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(E_CLASS, t.getClass().getName());
        m.put(E_MESSAGE, "[cause chain cut here: cyclic or deeper than " + MAX_DEPTH + "]");
        m.put(E_STACK, List.of());
        return m;
    }

    // getMessage() is user code: a throwing override must not lose the test's outcome.
    private static String safeMessage(Throwable t) {
        try {
            return t.getMessage();
        } catch (RuntimeException e) {
            return "[getMessage() threw " + e + "]";
        }
    }
}
