package dev.pods.junit;

import dev.pods.Pod;
import dev.pods.PodCallException;
import dev.pods.PodException;
import dev.pods.junit.internal.InPodRunner;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.engine.UniqueId;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The host side of one version's run (one class template invocation).
 *
 * <p>When the invocation starts ({@link #beforeClassTemplateInvocation}), the whole class runs
 * inside a pod and its outcomes come back as a {@link PodRun}; the pod is then closed (and its
 * collection checked when the class ends, see {@link PodMatrixExtension#afterAll}). The host's
 * tree of the invocation (the same class, discovered on the host) is walked by JUnit as usual,
 * but nothing of the class runs on the host: lifecycle methods are skipped, and each test method,
 * template invocation, factory and dynamic test replays its pod outcome (success, the remote
 * failure rebuilt, aborted, skipped). Containers (the class, {@code @Nested} classes) replay their
 * own outcome: a failure before any of their tests ran fails them at the start (their tests do
 * not run in the pod either), a failure after (an {@code @AfterAll}) at the end.
 *
 * <p>When the invocation ends ({@link #afterClassTemplateInvocation}): tests the pod ran that the
 * host's tree lacks (a parameterized test whose arguments differ by version) fail the version if
 * they failed; and an {@code expectFailure} version in which nothing failed fails loudly.
 *
 * <p>One instance per invocation, shared by the threads that run its nodes (JUnit's parallel
 * execution): the run is published once, before any child starts.
 */
final class Replayer implements BeforeClassTemplateInvocationCallback, AfterClassTemplateInvocationCallback,
        BeforeAllCallback, AfterAllCallback, InvocationInterceptor {
    private static final String RUNNER = InPodRunner.class.getName() + "/run";

    private final List<Plan.Variant> variants;
    private final int index;
    private final Plan.Variant variant;
    private final String className;
    private final Set<String> touched = ConcurrentHashMap.newKeySet();
    private volatile PodRun run;

    /** The replayer of {@code variants.get(index)}; the others are prepared ahead from it. */
    Replayer(List<Plan.Variant> variants, int index, String className) {
        this.variants = List.copyOf(variants);
        this.index = index;
        this.variant = variants.get(index);
        this.className = className;
    }

    // ---- containers ------------------------------------------------------------------------

    /** The version's run starts: the class runs in the pod, then its own outcome is replayed. */
    @Override
    public void beforeClassTemplateInvocation(ExtensionContext context) {
        runInPod(context);
        PodRun r = run;
        touched.add("");
        // The class template's node holds the class's @BeforeAll/@AfterAll outcome; the invocation's
        // node, the rest. A failed @BeforeAll leaves no invocation in the pod at all.
        Optional<PodRun.Node> template = r.node(InPodRunner.TEMPLATE);
        template.ifPresent(t -> publish(context, t));
        if (template.isPresent() && !template.get().childStarted()) {
            before(template.get());
        }
        PodRun.Node invocation = r.node("").orElseThrow(() -> notRun(r));
        publish(context, invocation);
        before(invocation);
    }

    /** The version's run ends: late container failures, extras, expected failures. */
    @Override
    public void afterClassTemplateInvocation(ExtensionContext context) throws Exception {
        PodRun r = run;
        if (r == null) {
            return; // the run failed before it started; that failure is already this container's
        }
        List<Throwable> problems = new ArrayList<>();
        r.node("").ifPresent(n -> after(n).ifPresent(problems::add));
        r.node(InPodRunner.TEMPLATE).ifPresent(n -> after(n).ifPresent(problems::add));
        extras(context, r).ifPresent(problems::add);
        if (variant.expectFailure() && !r.anyFailure()) {
            problems.add(new AssertionFailedError("[" + variant.label() + "] is listed in expectFailure, but"
                    + " every test passed in the pod: if the version works now, take it out of expectFailure"));
        }
        if (!problems.isEmpty()) {
            Throwable first = problems.get(0);
            for (int i = 1; i < problems.size(); i++) {
                first.addSuppressed(problems.get(i));
            }
            throw sneaky(first);
        }
    }

    /** A {@code @Nested} class starts: its outcome in the pod, if it failed before its tests. */
    @Override
    public void beforeAll(ExtensionContext context) {
        String rel = relative(context);
        PodRun r = requireRun();
        touched.add(rel);
        PodRun.Node n = r.node(rel).orElseThrow(() -> missing(context, rel));
        publish(context, n);
        before(n);
    }

    /** A {@code @Nested} class ends: its outcome in the pod, if it failed after its tests ran. */
    @Override
    public void afterAll(ExtensionContext context) {
        PodRun r = run;
        if (r == null) {
            return;
        }
        Optional<Throwable> problem = r.node(relative(context)).flatMap(this::after);
        if (problem.isPresent()) {
            throw sneaky(problem.get());
        }
    }

    /** Throws what a container's pod outcome means before its children run (nothing when they ran). */
    private void before(PodRun.Node n) {
        if (n.childStarted()) {
            return; // a failure came after the children: after() reports it
        }
        switch (n.status()) {
            case "SUCCESSFUL":
                return;
            case "FAILED":
                if (variant.expectFailure()) {
                    throw new TestAbortedException("[" + variant.label() + "] failed as expected before its tests ran: "
                            + n.error().map(Remote::summary).orElse("no exception recorded"));
                }
                throw sneaky(failure(n));
            case "ABORTED":
                throw aborted(n);
            case InPodRunner.SKIPPED:
                throw new TestAbortedException("skipped in the pod [" + variant.label() + "]: "
                        + n.reason().orElse("no reason given"));
            default:
                throw new TestAbortedException("did not run in the pod [" + variant.label() + "]: an enclosing"
                        + " container failed first");
        }
    }

    /** What a container's pod outcome means after its children ran. */
    private Optional<Throwable> after(PodRun.Node n) {
        if (!n.childStarted()) {
            return Optional.empty(); // before() reported it
        }
        if (n.status().equals("FAILED") && !variant.expectFailure()) {
            return Optional.of(failure(n));
        }
        if (n.status().equals("ABORTED")) {
            return Optional.of(aborted(n));
        }
        return Optional.empty();
    }

    private Throwable failure(PodRun.Node n) {
        return n.error().map(Remote::rebuild).orElseGet(() -> new AssertionFailedError(
                "'" + n.name() + "' failed in the pod [" + variant.label() + "] without an exception"));
    }

    // ---- the run in the pod ------------------------------------------------------------------

    private void runInPod(ExtensionContext context) {
        PodSession session = PodSession.of(context);
        PodSession.Prepared prepared = session.take(context.getRequiredTestClass(), variants, index);
        if (!prepared.classpath().changes().isEmpty()) {
            context.publishReportEntry("pods.classpath", String.join("; ", prepared.classpath().changes()));
        }
        Map<String, String> config = new HashMap<>(session.config().forwarded());
        config.put(InPodRunner.IN_POD, variant.label());
        List<Map<String, Object>> raw;
        try {
            Pod pod = prepared.lease().pod();
            try {
                raw = pod.call(RUNNER, className, config);
            } catch (PodException e) {
                throw new PodMatrixException("running " + className + " in the pod [" + variant.label() + "] failed: "
                        + describe(e), e);
            } finally {
                if (!session.config().reuse()) {
                    if (!session.config().leakTimeout().isZero()) {
                        session.watch(className, prepared.layer().watch(pod));
                    }
                    pod.close(); // now, not when the pool gets round to it: the leak check counts from here
                }
            }
        } finally {
            prepared.lease().close();
        }
        run = PodRun.decode(variant.label(), raw);
    }

    /** A pod failure's message, with what to do when the pod lacks the JUnit Platform launcher. */
    static String describe(PodException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PodCallException pce && (pce.remoteClassName().equals("java.lang.NoClassDefFoundError")
                    || pce.remoteClassName().equals("java.lang.ClassNotFoundException"))
                    && String.valueOf(pce.remoteMessage()).contains("org/junit/platform/launcher")) {
                return e.getMessage() + ". The pod runs the class with the JUnit Platform launcher from the test"
                        + " classpath: add org.junit.platform:junit-platform-launcher to the test dependencies";
            }
        }
        return e.getMessage();
    }

    private PodMatrixException notRun(PodRun r) {
        StringBuilder sb = new StringBuilder("the class " + className + " did not run in the pod ["
                + variant.label() + "]");
        Optional<PodRun.Node> engine = r.node(PodRun.ENGINE);
        engine.flatMap(PodRun.Node::error).ifPresent(e -> sb.append(": ").append(Remote.summary(e)));
        engine.ifPresent(n -> n.issues().forEach(i -> sb.append("\n  ").append(i)));
        PodMatrixException ex = new PodMatrixException(sb.toString());
        engine.flatMap(PodRun.Node::error).ifPresent(e -> ex.initCause(Remote.rebuild(e)));
        return ex;
    }

    // ---- the host's nodes ----------------------------------------------------------------------

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
                                         ExtensionContext context) {
        invocation.skip();
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
                                          ExtensionContext context) {
        invocation.skip();
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
                                         ExtensionContext context) {
        invocation.skip();
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
                                        ExtensionContext context) {
        invocation.skip();
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
                                    ExtensionContext context) {
        invocation.skip();
        replay(context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
                                            ExtensionContext context) {
        invocation.skip();
        replay(context);
    }

    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext ic,
                                     ExtensionContext context) {
        invocation.skip();
        replay(context);
    }

    /** The factory's dynamic nodes as the pod made them, each replaying its outcome. */
    @Override
    @SuppressWarnings("unchecked")
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation, ReflectiveInvocationContext<Method> ic,
                                            ExtensionContext context) {
        invocation.skip();
        PodRun r = requireRun();
        String rel = relative(context);
        touched.add(rel);
        PodRun.Node factory = r.node(rel).orElseThrow(() -> missing(context, rel));
        publish(context, factory);
        Stream<DynamicNode> nodes = r.children(rel).stream().map(c -> dynamic(r, c));
        if (factory.status().equals("FAILED") && !variant.expectFailure()) {
            Throwable t = factory.error().map(Remote::rebuild).orElseGet(() -> new AssertionFailedError(
                    "the test factory failed in the pod without an exception"));
            // Failed while producing its nodes: JUnit fails the factory when iterating throws.
            nodes = Stream.concat(nodes, Stream.of(0).map(x -> {
                throw sneaky(t);
            }));
        } else if (factory.status().equals("ABORTED") || factory.status().equals(InPodRunner.SKIPPED)) {
            throw factory.status().equals("ABORTED") ? aborted(factory)
                    : new TestAbortedException("skipped in the pod [" + variant.label() + "]: "
                    + factory.reason().orElse("no reason given"));
        }
        return (T) nodes;
    }

    private DynamicNode dynamic(PodRun r, PodRun.Node n) {
        if (n.isTest()) {
            return DynamicTest.dynamicTest(n.name(), () -> { }); // interceptDynamicTest replays it
        }
        return DynamicContainer.dynamicContainer(n.name(), r.children(n.id()).stream().map(c -> dynamic(r, c)));
    }

    private void replay(ExtensionContext context) {
        PodRun r = requireRun();
        String rel = relative(context);
        touched.add(rel);
        PodRun.Node n = r.node(rel).orElseThrow(() -> missing(context, rel));
        n.parent().ifPresent(touched::add);
        publish(context, n);
        switch (n.status()) {
            case "SUCCESSFUL":
                return;
            case "FAILED":
                if (variant.expectFailure()) {
                    context.publishReportEntry("pods.expectedFailure", "[" + variant.label() + "] "
                            + n.error().map(Remote::summary).orElse("failed"));
                    return;
                }
                throw sneaky(failure(n));
            case "ABORTED":
                throw aborted(n);
            case InPodRunner.SKIPPED:
                throw new TestAbortedException("skipped in the pod [" + variant.label() + "]: "
                        + n.reason().orElse("no reason given"));
            default:
                throw new TestAbortedException("did not run in the pod [" + variant.label() + "]");
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private PodRun requireRun() {
        PodRun r = run;
        if (r == null) {
            // JUnit runs no child of a class whose beforeAll failed; reaching this is a bug here.
            throw new IllegalStateException("no pod run for [" + variant.label() + "] although its tests are running");
        }
        return r;
    }

    private String relative(ExtensionContext context) {
        return InPodRunner.relativeId(UniqueId.parse(context.getUniqueId()), className);
    }

    private PodMatrixException missing(ExtensionContext context, String rel) {
        List<String> ran = new ArrayList<>();
        PodRun r = run;
        if (r != null) {
            String parent = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/')) : "";
            r.children(parent).forEach(c -> ran.add(c.name()));
        }
        return new PodMatrixException("'" + context.getDisplayName() + "' has no outcome in the pod ["
                + variant.label() + "]: the class's run there did not produce it (" + rel + "). Tests whose"
                + " parameters or dynamic tests depend on the version differ between the host's tree and the"
                + " pod's; beside it the pod ran " + ran);
    }

    /** Pod tests under a template the host ran that the host's tree does not have. */
    private Optional<Throwable> extras(ExtensionContext context, PodRun r) {
        List<String> passed = new ArrayList<>();
        AssertionFailedError failed = null;
        for (PodRun.Node n : r.nodes()) {
            if (!n.isTest() || touched.contains(n.id()) || n.parent().isEmpty() || !touched.contains(n.parent().get())
                    || !n.segmentType().equals("test-template-invocation")) {
                continue;
            }
            if (n.status().equals("FAILED") && !variant.expectFailure()) {
                if (failed == null) {
                    failed = new AssertionFailedError("[" + variant.label() + "] the pod ran invocations that the"
                            + " host's tree does not show (their arguments differ by version), and they failed");
                }
                Throwable t = n.error().map(Remote::rebuild).orElseGet(() -> new AssertionFailedError(n.name()));
                failed.addSuppressed(new AssertionFailedError(n.id() + " " + n.name() + " failed in the pod", t));
            } else {
                passed.add(n.id() + " " + n.name() + " " + n.status());
            }
        }
        if (!passed.isEmpty()) {
            context.publishReportEntry("pods.unreported", String.join("; ", passed));
            PodSession.log().warn("{} [{}]: the pod ran invocations the host's tree does not show: {}", className,
                    variant.label(), passed);
        }
        return Optional.ofNullable(failed);
    }

    private TestAbortedException aborted(PodRun.Node n) {
        Optional<Throwable> t = n.error().map(Remote::rebuild);
        if (t.isPresent() && t.get() instanceof TestAbortedException tae) {
            return tae;
        }
        return new TestAbortedException("aborted in the pod [" + variant.label() + "]: "
                + n.error().map(Remote::summary).orElse("no reason given"), t.orElse(null));
    }

    private static void publish(ExtensionContext context, PodRun.Node n) {
        for (Map<String, String> entry : n.entries()) {
            context.publishReportEntry(entry);
        }
    }

    /** Throws any throwable from a method without a throws clause (the rebuilt remote one). */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
