package dev.pods.junit;

import dev.pods.junit.internal.InPodRunner;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.engine.UniqueId;

/**
 * The extension behind {@link PodMatrix} and {@link PodTest}: provides one class template
 * invocation per variant, named {@code <class> [<artifact> <version>, ...]}, each carrying the
 * {@link Replayer} that runs the class in a pod and replays its outcomes.
 *
 * <p>On the host, the class's own {@code @BeforeAll} and {@code @AfterAll} methods (which JUnit runs
 * once around all invocations of a class template) are skipped: they run in each pod.
 *
 * <p>Inside a pod the same annotations are read by the pod's own copy of this class; there the
 * run carries {@value InPodRunner#IN_POD}, and a single plain invocation runs the class as written.
 */
final class PodMatrixExtension implements ClassTemplateInvocationContextProvider, InvocationInterceptor,
        AfterAllCallback {
    @Override
    public boolean supportsClassTemplate(ExtensionContext context) {
        return Plan.annotated(context.getRequiredTestClass());
    }

    @Override
    public Stream<? extends ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(
            ExtensionContext context) {
        String base = context.getDisplayName();
        Optional<String> inPod = context.getConfigurationParameter(InPodRunner.IN_POD);
        if (inPod.isPresent()) {
            return Stream.of(new Variant(base + " [" + inPod.get() + "]", List.of()));
        }
        Class<?> testClass = context.getRequiredTestClass();
        if (testClass.getEnclosingClass() != null && !Modifier.isStatic(testClass.getModifiers())) {
            throw new PodMatrixException(testClass.getName() + ": @PodMatrix and @PodTest go on a top-level (or"
                    + " static nested) class, which runs whole in each pod; its @Nested classes run with it");
        }
        PodSession session = PodSession.of(context);
        List<Plan.Variant> variants = Plan.of(testClass, key -> session.onClasspath(testClass, key),
                session::rangeVersions);
        List<Variant> out = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            out.add(new Variant(base + " [" + variants.get(i).label() + "]",
                    List.of(new Replayer(variants, i, testClass.getName()))));
        }
        return out.stream();
    }

    /**
     * The class ends (all its versions ran): the JUnit its pods shared is closed, and the pods it
     * closed are checked for leaks with that layer, with one bounded wait for all of them; each leak
     * becomes a report entry and a warning naming the pod and what holds it.
     */
    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        Class<?> testClass = context.getRequiredTestClass();
        if (context.getConfigurationParameter(InPodRunner.IN_POD).isPresent()
                || !InPodRunner.relativeId(UniqueId.parse(context.getUniqueId()), testClass.getName())
                .equals(InPodRunner.TEMPLATE)) {
            return; // inside a pod, or a @Nested class of the run
        }
        PodSession session = PodSession.of(context);
        boolean check = !session.config().leakTimeout().isZero();
        List<LeakCheck> checks = session.endClass(testClass.getName(), check);
        if (!check || checks.isEmpty()) {
            return;
        }
        for (String leak : LeakCheck.await(checks, session.config().leakTimeout())) {
            PodSession.log().warn("{}: {}", testClass.getName(), leak);
            context.publishReportEntry("pods.leak", leak);
        }
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
                                         ExtensionContext context) throws Throwable {
        proceedInPodOnly(invocation, context);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
                                        ExtensionContext context) throws Throwable {
        proceedInPodOnly(invocation, context);
    }

    private static void proceedInPodOnly(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        if (context.getConfigurationParameter(InPodRunner.IN_POD).isPresent()) {
            invocation.proceed();
        } else {
            invocation.skip();
        }
    }

    /** One variant's invocation: its display name and, on the host, its {@link Replayer}. */
    private static final class Variant implements ClassTemplateInvocationContext {
        private final String name;
        private final List<Extension> extensions;

        Variant(String name, List<Extension> extensions) {
            this.name = name;
            this.extensions = extensions;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return name;
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return extensions;
        }
    }
}
