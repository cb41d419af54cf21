package dev.pods.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/**
 * The matrix through the real JUnit Platform (EngineTestKit) over fabricated versions of
 * {@code com.acme:lib}: the tree and its names, outcomes as each version produced them,
 * lifecycle, nesting, parameterized and dynamic tests, extensions and assertion libraries inside
 * the pod, the expected-failure rules, misuse, pooling and leaks.
 */
@Timeout(120)
class PodMatrixTest {
    @TempDir
    static Path tmp;
    static Matrix world;

    @BeforeAll
    static void world() {
        world = Matrix.create(tmp);
    }

    private static String src(String body) {
        return "package acme;\n" + Matrix.imports() + body;
    }

    @Test
    void eachVersionIsItsOwnNodeAndTheClassRunsOnlyInPodsLinkedAgainstThatVersion() throws Exception {
        String source = src("""
                import java.util.concurrent.atomic.AtomicInteger;
                @PodMatrix(artifact = "com.acme:lib", versions = {"1.0", "2.0"})
                public class LibTest {
                    public static final AtomicInteger BEFORE_ALL = new AtomicInteger();
                    public static final AtomicInteger RAN = new AtomicInteger();
                    @BeforeAll static void up() { BEFORE_ALL.incrementAndGet(); }
                    @Test void upper() { RAN.incrementAndGet(); assertEquals("PODS", Lib.upper("pods")); }
                    @Test void name() { RAN.incrementAndGet(); assertEquals("two", Lib.name()); }
                    @Test void helperComesWithTheVersion() throws Exception {
                        Class.forName("com.acme.Helper");
                        assertEquals("helper-1", Lib.helper());
                    }
                }
                """);
        try (URLClassLoader loader = world.tests(Map.of("acme.LibTest", source))) {
            java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
            EngineExecutionResults r = world.run(loader, "acme.LibTest");
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("LibTest", "SUCCESSFUL");
            expected.put("LibTest / LibTest [lib 1.0]", "SUCCESSFUL");
            expected.put("LibTest / LibTest [lib 1.0] / upper()", "FAILED java.lang.NoSuchMethodError");
            expected.put("LibTest / LibTest [lib 1.0] / name()", "FAILED org.opentest4j.AssertionFailedError");
            // lib 1.0 does not depend on helper: the host's helper jar stays on the pod's classpath,
            // but Lib 1.0 has no helper() method
            expected.put("LibTest / LibTest [lib 1.0] / helperComesWithTheVersion()", "FAILED java.lang.NoSuchMethodError");
            expected.put("LibTest / LibTest [lib 2.0]", "SUCCESSFUL");
            expected.put("LibTest / LibTest [lib 2.0] / upper()", "SUCCESSFUL");
            expected.put("LibTest / LibTest [lib 2.0] / name()", "SUCCESSFUL");
            expected.put("LibTest / LibTest [lib 2.0] / helperComesWithTheVersion()", "SUCCESSFUL");
            assertEquals(new java.util.TreeMap<>(expected), Outcomes.of(r));

            Throwable nsme = Outcomes.throwable(r, "LibTest / LibTest [lib 1.0] / upper()");
            assertEquals("'java.lang.String com.acme.Lib.upper(java.lang.String)'", nsme.getMessage());
            assertEquals("acme.LibTest", nsme.getStackTrace()[0].getClassName(), "the remote stack, pointing at the test");
            assertEquals("upper", nsme.getStackTrace()[0].getMethodName());
            AssertionFailedError afe = assertInstanceOf(AssertionFailedError.class,
                    Outcomes.throwable(r, "LibTest / LibTest [lib 1.0] / name()"));
            assertEquals("two", afe.getExpected().getValue());
            assertEquals("one", afe.getActual().getValue());

            Class<?> host = loader.loadClass("acme.LibTest");
            assertEquals(0, ((AtomicInteger) host.getField("BEFORE_ALL").get(null)).get(), "host ran no @BeforeAll");
            assertEquals(0, ((AtomicInteger) host.getField("RAN").get(null)).get(), "host ran no test");
            assertEquals(List.of("LibTest / LibTest [lib 1.0]: pods.classpath=replaced lib-2.0.jar with lib-1.0.jar"),
                    Outcomes.entries(r, "pods.classpath"));
            assertEquals(List.of(), Outcomes.entries(r, "pods.leak"), "each closed pod was collected");
            assertRunClosed(before);
        }
    }

    /** The run's session was closed with the run: the threads it started (preparing, pools) end. */
    private static void assertRunClosed(java.util.Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !before.contains(t))
                    .map(Thread::getName)
                    .filter(n -> n.startsWith("pod-junit-prepare") || n.contains("pod-junit [")).toList();
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(20); // polling a condition (threads ending), bounded by the deadline
        } while (System.nanoTime() < deadline);
        throw new AssertionError("threads of the run still alive 10 s after it ended: " + left);
    }

    @Test
    void lifecycleNestedParameterizedDynamicExtensionsAndAssertionLibrariesRunInThePod() {
        EngineExecutionResults r = world.run("acme.RichTest", src("""
                import static org.assertj.core.api.Assertions.assertThat;
                import org.assertj.core.api.SoftAssertions;
                import org.junit.jupiter.api.extension.*;
                import org.junit.jupiter.params.ParameterizedTest;
                import org.junit.jupiter.params.provider.ValueSource;
                import java.util.stream.*;

                @PodMatrix(artifact = "com.acme:lib", versions = {"1.0", "2.0"})
                @ExtendWith(RichTest.Inject.class)
                public class RichTest {
                    static int beforeAll;
                    int beforeEach;

                    public static class Inject implements ParameterResolver {
                        public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
                            return p.getParameter().getType() == String.class;
                        }
                        public Object resolveParameter(ParameterContext p, ExtensionContext e) {
                            return "injected " + Lib.name();
                        }
                    }

                    @BeforeAll static void up() { beforeAll++; }
                    @BeforeEach void each() { beforeEach++; }
                    @AfterAll static void down() {
                        if (Lib.name().equals("one")) throw new IllegalStateException("after all on " + Lib.name());
                    }

                    @Test void lifecycle(TestReporter reporter) {
                        assertEquals(1, beforeAll);
                        assertEquals(1, beforeEach);
                        reporter.publishEntry("lib", Lib.name());
                    }
                    @Test void extension(String injected) { assertEquals("injected " + Lib.name(), injected); }
                    @Test void assertj() { assertThat(Lib.name()).isEqualTo("two"); }
                    @Test void soft() {
                        SoftAssertions s = new SoftAssertions();
                        s.assertThat(Lib.name()).isEqualTo("two");
                        s.assertThat(Lib.name()).endsWith("o");
                        s.assertAll();
                    }
                    @Test @Disabled("not today") void disabled() { }
                    @Test void assumption() { Assumptions.assumeTrue(Lib.name().equals("two"), "needs two"); }
                    @ParameterizedTest @ValueSource(ints = {1, 2, 3}) void param(int n) {
                        assertFalse(n == 2 && Lib.name().equals("one"), "two on one");
                    }
                    @TestFactory Stream<DynamicTest> dynamic() {
                        int count = Lib.name().equals("one") ? 1 : 2;
                        return IntStream.rangeClosed(1, count).mapToObj(i ->
                                DynamicTest.dynamicTest("d" + i + " " + Lib.name(), () -> assertTrue(i < 2)));
                    }
                    @Nested class Inner {
                        @BeforeEach void innerEach() { beforeEach += 10; }
                        @Test void nested() { assertEquals(1, beforeAll); assertEquals(11, beforeEach); }
                    }
                }
                """));
        Map<String, String> expected = new java.util.TreeMap<>();
        for (String v : List.of("1.0", "2.0")) {
            String inv = "RichTest / RichTest [lib " + v + "]";
            boolean one = v.equals("1.0");
            expected.put(inv, one ? "FAILED java.lang.IllegalStateException" : "SUCCESSFUL");
            expected.put(inv + " / lifecycle(TestReporter)", "SUCCESSFUL");
            expected.put(inv + " / extension(String)", "SUCCESSFUL");
            expected.put(inv + " / assertj()", one ? "FAILED org.opentest4j.AssertionFailedError" : "SUCCESSFUL");
            expected.put(inv + " / soft()", one ? "FAILED dev.pods.junit.PodAssertionError" : "SUCCESSFUL");
            expected.put(inv + " / disabled()", "SKIPPED");
            expected.put(inv + " / assumption()", one ? "ABORTED" : "SUCCESSFUL");
            expected.put(inv + " / param(int)", "SUCCESSFUL");
            expected.put(inv + " / param(int) / [1] 1", "SUCCESSFUL");
            expected.put(inv + " / param(int) / [2] 2", one ? "FAILED org.opentest4j.AssertionFailedError" : "SUCCESSFUL");
            expected.put(inv + " / param(int) / [3] 3", "SUCCESSFUL");
            expected.put(inv + " / dynamic()", "SUCCESSFUL");
            expected.put(inv + " / dynamic() / d1 " + (one ? "one" : "two"), "SUCCESSFUL");
            if (!one) {
                expected.put(inv + " / dynamic() / d2 two", "FAILED org.opentest4j.AssertionFailedError");
            }
            expected.put(inv + " / Inner", "SUCCESSFUL");
            expected.put(inv + " / Inner / nested()", "SUCCESSFUL");
        }
        expected.put("RichTest", "SUCCESSFUL");
        assertEquals(expected, Outcomes.of(r));

        assertEquals("after all on one", Outcomes.throwable(r, "RichTest / RichTest [lib 1.0]").getMessage());
        PodAssertionError soft = assertInstanceOf(PodAssertionError.class,
                Outcomes.throwable(r, "RichTest / RichTest [lib 1.0] / soft()"));
        assertEquals("org.assertj.core.error.AssertJMultipleFailuresError", soft.remoteClassName());
        assertTrue(soft.getMessage().startsWith("org.assertj.core.error.AssertJMultipleFailuresError: \nMultiple Failures"
                + " (2 failures)"), soft.getMessage());
        assertEquals(List.of("RichTest / RichTest [lib 1.0] / lifecycle(TestReporter): lib=one",
                "RichTest / RichTest [lib 2.0] / lifecycle(TestReporter): lib=two"), Outcomes.entries(r, "lib"));
    }

    @Test
    void expectedFailuresPassWhereTheyFailAndFailLoudlyWhereEverythingPassed() {
        world.param(Config.PREPARE_AHEAD, "0"); // and every pod made when its version starts
        EngineExecutionResults r;
        try {
            r = world.run("acme.ExpectTest", src("""
                    @PodMatrix(artifact = "com.acme:lib", versions = {"1.0", "2.0", "2.1"}, expectFailure = {"1.0", "[2.1,)"})
                    public class ExpectTest {
                        @Test void upper() { assertEquals("X", Lib.upper("x")); }
                        @Test void name() { assertNotNull(Lib.name()); }
                    }
                    """));
        } finally {
            world.unparam(Config.PREPARE_AHEAD);
        }
        Map<String, String> expected = new java.util.TreeMap<>();
        expected.put("ExpectTest", "SUCCESSFUL");
        for (String v : List.of("1.0", "2.0", "2.1")) {
            String inv = "ExpectTest / ExpectTest [lib " + v + "]";
            expected.put(inv, v.equals("2.1") ? "FAILED org.opentest4j.AssertionFailedError" : "SUCCESSFUL");
            expected.put(inv + " / upper()", "SUCCESSFUL");
            expected.put(inv + " / name()", "SUCCESSFUL");
        }
        assertEquals(expected, Outcomes.of(r));
        assertEquals(List.of("ExpectTest / ExpectTest [lib 1.0] / upper(): pods.expectedFailure=[lib 1.0]"
                        + " java.lang.NoSuchMethodError: 'java.lang.String com.acme.Lib.upper(java.lang.String)'"),
                Outcomes.entries(r, "pods.expectedFailure"));
        assertTrue(Outcomes.throwable(r, "ExpectTest / ExpectTest [lib 2.1]").getMessage()
                .startsWith("[lib 2.1] is listed in expectFailure, but every test passed in the pod"));
    }

    @Test
    void misuseFailsTheClassOrTheVersionWithAnExplanationNeverSkipsIt() throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        String test = "{ @Test void t() { assertNotNull(Lib.name()); } }\n";
        sources.put("acme.NotOnClasspath", src("@PodMatrix(artifact = \"com.acme:missing\", versions = \"1.0\")"
                + " public class NotOnClasspath " + test));
        sources.put("acme.Unresolvable", src("@PodMatrix(artifact = \"com.acme:lib\", versions = {\"9.9\", \"2.0\"})"
                + " public class Unresolvable " + test));
        sources.put("acme.EmptyRange", src("@PodMatrix(artifact = \"com.acme:lib\", versions = \"[5.0,6.0)\")"
                + " public class EmptyRange " + test));
        sources.put("acme.BadExclude", src("@PodMatrix(artifact = \"com.acme:lib\", versions = {\"1.0\", \"2.0\"},"
                + " exclude = \"2.5\") public class BadExclude " + test));
        sources.put("acme.BadArtifact", src("@PodMatrix(artifact = \"com.acme.lib\", versions = \"1.0\")"
                + " public class BadArtifact " + test));
        sources.put("acme.Harness", src("@PodMatrix(artifact = \"org.junit.jupiter:junit-jupiter-api\","
                + " versions = \"5.13.4\") public class Harness " + test));
        try (URLClassLoader loader = world.tests(sources)) {
            EngineExecutionResults r = world.run(loader, sources.keySet().toArray(new String[0]));
            Map<String, String> expected = new java.util.TreeMap<>();
            for (String c : List.of("NotOnClasspath", "EmptyRange", "BadExclude", "BadArtifact", "Harness")) {
                expected.put(c, "FAILED dev.pods.junit.PodMatrixException");
            }
            expected.put("Unresolvable", "SUCCESSFUL");
            expected.put("Unresolvable / Unresolvable [lib 9.9]", "FAILED dev.pods.junit.PodMatrixException");
            expected.put("Unresolvable / Unresolvable [lib 2.0]", "SUCCESSFUL");
            expected.put("Unresolvable / Unresolvable [lib 2.0] / t()", "SUCCESSFUL");
            assertEquals(expected, Outcomes.of(r));
            assertMessage(r, "NotOnClasspath", "@PodMatrix(artifact = \"com.acme:missing\"): com.acme:missing is not on"
                    + " the test classpath.");
            assertMessage(r, "Unresolvable / Unresolvable [lib 9.9]", "[lib 9.9] does not resolve: ");
            assertMessage(r, "EmptyRange", "the range [5.0,6.0) of com.acme:lib holds no version that resolves");
            assertMessage(r, "BadExclude", "@PodMatrix(artifact = \"com.acme:lib\"): exclude has '2.5', which none of"
                    + " the versions [1.0, 2.0] is");
            assertMessage(r, "BadArtifact", "@PodMatrix(artifact = \"com.acme.lib\"): give group:artifact");
            assertMessage(r, "Harness", "@PodMatrix(artifact = \"org.junit.jupiter:junit-jupiter-api\"): the JUnit"
                    + " Platform and Pods run the class in the pod");
        }
    }

    private static void assertMessage(EngineExecutionResults r, String path, String start) {
        String m = Outcomes.throwable(r, path).getMessage();
        assertTrue(m.startsWith(start), () -> path + ": " + m);
    }

    @Test
    void severalMatricesRunTheirCartesianProduct() {
        EngineExecutionResults r = world.run("acme.ProductTest", src("""
                import com.acme.other.Other;
                @PodMatrix(artifact = "com.acme:lib", versions = {"1.0", "2.0"})
                @PodMatrix(artifact = "com.acme:other", versions = {"1.0", "2.0"})
                public class ProductTest {
                    @Test void both() { assertEquals(2, Other.v(), Lib.name()); }
                }
                """));
        Map<String, String> expected = new java.util.TreeMap<>();
        expected.put("ProductTest", "SUCCESSFUL");
        for (String lib : List.of("1.0", "2.0")) {
            for (String other : List.of("1.0", "2.0")) {
                String inv = "ProductTest / ProductTest [lib " + lib + ", other " + other + "]";
                expected.put(inv, "SUCCESSFUL");
                expected.put(inv + " / both()", other.equals("1.0") ? "FAILED org.opentest4j.AssertionFailedError"
                        : "SUCCESSFUL");
            }
        }
        assertEquals(expected, Outcomes.of(r));
        assertEquals("one ==> expected: <2> but was: <1>",
                Outcomes.throwable(r, "ProductTest / ProductTest [lib 1.0, other 1.0] / both()").getMessage());
    }

    @Test
    void podTestOverridesAndExcludesOnce() throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("acme.OverrideTest", src("""
                @PodTest(dependencies = "com.acme:lib:1.0")
                public class OverrideTest { @Test void old() { assertEquals("one", Lib.name()); } }
                """));
        sources.put("acme.ExcludeTest", src("""
                @PodTest(exclusions = {"com.acme:helper", "other-*.jar"})
                public class ExcludeTest {
                    @Test void gone() {
                        assertThrows(ClassNotFoundException.class, () -> Class.forName("com.acme.Helper"));
                        assertThrows(ClassNotFoundException.class, () -> Class.forName("com.acme.other.Other"));
                    }
                    @Test void libStays() { assertEquals("two", Lib.name()); }
                }
                """));
        try (URLClassLoader loader = world.tests(sources)) {
            EngineExecutionResults r = world.run(loader, "acme.OverrideTest", "acme.ExcludeTest");
            Map<String, String> expected = new java.util.TreeMap<>();
            expected.put("OverrideTest", "SUCCESSFUL");
            expected.put("OverrideTest / OverrideTest [lib 1.0]", "SUCCESSFUL");
            expected.put("OverrideTest / OverrideTest [lib 1.0] / old()", "SUCCESSFUL");
            expected.put("ExcludeTest", "SUCCESSFUL");
            expected.put("ExcludeTest / ExcludeTest [without helper, without other-*.jar]", "SUCCESSFUL");
            expected.put("ExcludeTest / ExcludeTest [without helper, without other-*.jar] / gone()", "SUCCESSFUL");
            expected.put("ExcludeTest / ExcludeTest [without helper, without other-*.jar] / libStays()", "SUCCESSFUL");
            assertEquals(expected, Outcomes.of(r));
        }
    }

    @Test
    void podTestTakesManagedVersionsAndBomsForVersionlessDependencies() throws Exception {
        world.repo.artifact("com.acme:bom:1").packaging("pom").managed("com.acme:lib:1.0").publish();
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("acme.BomTest", src("""
                @PodTest(boms = "com.acme:bom:1", dependencies = "com.acme:lib")
                public class BomTest { @Test void old() { assertEquals("one", Lib.name()); } }
                """));
        sources.put("acme.PinTest", src("""
                @PodTest(managedVersions = "com.acme:lib:3.0", boms = "com.acme:bom:1", dependencies = "com.acme:lib")
                public class PinTest { @Test void newest() { assertEquals("three", Lib.name()); } }
                """));
        sources.put("acme.UnmanagedTest", src("""
                @PodTest(dependencies = "com.acme:lib")
                public class UnmanagedTest { @Test void never() { } }
                """));
        try (URLClassLoader loader = world.tests(sources)) {
            EngineExecutionResults r = world.run(loader, "acme.BomTest", "acme.PinTest", "acme.UnmanagedTest");
            Map<String, String> expected = new java.util.TreeMap<>();
            expected.put("BomTest", "SUCCESSFUL");
            expected.put("BomTest / BomTest [lib (managed)]", "SUCCESSFUL");
            expected.put("BomTest / BomTest [lib (managed)] / old()", "SUCCESSFUL");
            expected.put("PinTest", "SUCCESSFUL");
            expected.put("PinTest / PinTest [lib (managed)]", "SUCCESSFUL");
            expected.put("PinTest / PinTest [lib (managed)] / newest()", "SUCCESSFUL");
            expected.put("UnmanagedTest", "FAILED dev.pods.junit.PodMatrixException");
            assertEquals(expected, Outcomes.of(r));
        }
    }

    @Test
    void aRangeRunsTheNewestOfEachMinorLineResolvedFromTheRepository() {
        EngineExecutionResults r = world.run("acme.RangeTest", src("""
                @PodMatrix(artifact = "com.acme:lib", versions = "[1.0,3.0)", select = PodMatrix.Select.NEWEST_PER_MINOR)
                public class RangeTest { @Test void t() { assertNotNull(Lib.name()); } }
                """));
        assertEquals(List.of("RangeTest [lib 1.0]", "RangeTest [lib 2.0.1]", "RangeTest [lib 2.1]"),
                Outcomes.of(r).keySet().stream().filter(k -> k.startsWith("RangeTest / ") && !k.endsWith("t()"))
                        .map(k -> k.substring("RangeTest / ".length())).sorted().toList());
        assertTrue(Outcomes.of(r).values().stream().allMatch(v -> v.equals("SUCCESSFUL")), () -> Outcomes.of(r).toString());
    }

    @Test
    void versionsRunInParallelEachInItsOwnPod() {
        // Each version's test waits at a barrier for the other one: it passes only when both pods
        // run at the same time (the barrier is a JDK object, the same in both pods).
        String key = "dev.pods.junit.test.barrier";
        try {
            world.param("junit.jupiter.execution.parallel.enabled", "true")
                    .param("junit.jupiter.execution.parallel.mode.default", "concurrent")
                    .param("junit.jupiter.execution.parallel.config.strategy", "fixed")
                    .param("junit.jupiter.execution.parallel.config.fixed.parallelism", "2");
            EngineExecutionResults r = world.run("acme.ParallelTest", src("""
                    import java.util.concurrent.*;
                    @PodMatrix(artifact = "com.acme:lib", versions = {"1.0", "2.0"})
                    public class ParallelTest {
                        @Test void meet() throws Exception {
                            CyclicBarrier b = (CyclicBarrier) System.getProperties().computeIfAbsent(
                                    "KEY", k -> new CyclicBarrier(2));
                            b.await(30, TimeUnit.SECONDS);
                        }
                    }
                    """.replace("KEY", key)));
            assertEquals(Map.of("ParallelTest", "SUCCESSFUL",
                    "ParallelTest / ParallelTest [lib 1.0]", "SUCCESSFUL",
                    "ParallelTest / ParallelTest [lib 1.0] / meet()", "SUCCESSFUL",
                    "ParallelTest / ParallelTest [lib 2.0]", "SUCCESSFUL",
                    "ParallelTest / ParallelTest [lib 2.0] / meet()", "SUCCESSFUL"), Outcomes.of(r));
        } finally {
            System.getProperties().remove(key);
            world.unparam("junit.jupiter.execution.parallel.enabled").unparam("junit.jupiter.execution.parallel.mode.default")
                    .unparam("junit.jupiter.execution.parallel.config.strategy")
                    .unparam("junit.jupiter.execution.parallel.config.fixed.parallelism");
        }
    }

    @Test
    void podsArePooledPerVersionAndReusedAcrossClassesOnlyWhenAsked() throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        for (String c : List.of("FirstTest", "SecondTest")) {
            sources.put("acme." + c, src("@PodMatrix(artifact = \"com.acme:lib\", versions = \"2.0\") public class "
                    + c + " { @Test void count(TestReporter r) { r.publishEntry(\"calls\", \"\" + Lib.calls());"
                    + " r.publishEntry(\"junit\", Test.class.getClassLoader().getName()); } }"));
        }
        try (URLClassLoader loader = world.tests(sources)) {
            EngineExecutionResults fresh = world.run(loader, "acme.FirstTest", "acme.SecondTest");
            assertEquals(List.of("FirstTest / FirstTest [lib 2.0] / count(TestReporter): calls=1",
                    "SecondTest / SecondTest [lib 2.0] / count(TestReporter): calls=1"), Outcomes.entries(fresh, "calls"),
                    "a fresh pod per class: statics start over");
            world.param(Config.REUSE, "true");
            try {
                EngineExecutionResults reused = world.run(loader, "acme.FirstTest", "acme.SecondTest");
                assertEquals(List.of("FirstTest / FirstTest [lib 2.0] / count(TestReporter): calls=1",
                        "SecondTest / SecondTest [lib 2.0] / count(TestReporter): calls=2"),
                        Outcomes.entries(reused, "calls"), "one pod per version for the run");
                assertEquals(List.of("FirstTest / FirstTest [lib 2.0] / count(TestReporter): junit=pod:pod-junit [JUnit]",
                        "SecondTest / SecondTest [lib 2.0] / count(TestReporter): junit=pod:pod-junit [JUnit]"),
                        Outcomes.entries(reused, "junit"), "and one JUnit, which lasts the run with them");
            } finally {
                world.unparam(Config.REUSE);
            }
        }
    }

    /** Publishes which loader each kind of class came from, by the loader's name (a pod's loader is named after it). */
    private static final String LOADERS = """
                @Test void loaders(TestReporter r) {
                    r.publishEntry("junit", Test.class.getClassLoader().getName()
                            + ", " + org.junit.platform.launcher.core.LauncherFactory.class.getClassLoader().getName()
                            + ", " + org.junit.jupiter.params.ParameterizedTest.class.getClassLoader().getName()
                            + ", " + org.opentest4j.AssertionFailedError.class.getClassLoader().getName()
                            + ", " + org.apiguardian.api.API.class.getClassLoader().getName());
                    r.publishEntry("junitId", "" + System.identityHashCode(Test.class.getClassLoader()));
                    r.publishEntry("self", getClass().getClassLoader().getName() + ", " + Lib.class.getClassLoader().getName());
                }
            """;

    @Test
    void theVersionsOfAClassShareOneJUnitLoadedForThatClassAndClosedAndCheckedWithIt() throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        for (String c : List.of("SharedA", "SharedB")) {
            sources.put("acme." + c, src("@PodMatrix(artifact = \"com.acme:lib\", versions = {\"1.0\", \"2.0\"})"
                    + " public class " + c + " {" + LOADERS + "}"));
        }
        try (URLClassLoader loader = world.tests(sources)) {
            java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
            EngineExecutionResults r = world.run(loader, "acme.SharedA", "acme.SharedB");
            assertTrue(Outcomes.of(r).values().stream().allMatch(v -> v.equals("SUCCESSFUL")), () -> Outcomes.of(r).toString());
            List<String> junit = new java.util.ArrayList<>();
            for (String c : List.of("SharedA", "SharedB")) {
                String layer = "pod:pod-junit [JUnit of acme." + c + "]";
                for (String v : List.of("1.0", "2.0")) {
                    junit.add(c + " / " + c + " [lib " + v + "] / loaders(TestReporter): junit=" + String.join(", ",
                            java.util.Collections.nCopies(5, layer)));
                }
            }
            assertEquals(junit, Outcomes.entries(r, "junit"), "the Platform, Jupiter, opentest4j, apiguardian: the layer's");
            assertEquals(List.of(
                    "SharedA / SharedA [lib 1.0] / loaders(TestReporter): self=pod:pod-junit [lib 1.0], pod:pod-junit [lib 1.0]",
                    "SharedA / SharedA [lib 2.0] / loaders(TestReporter): self=pod:pod-junit [lib 2.0], pod:pod-junit [lib 2.0]",
                    "SharedB / SharedB [lib 1.0] / loaders(TestReporter): self=pod:pod-junit [lib 1.0], pod:pod-junit [lib 1.0]",
                    "SharedB / SharedB [lib 2.0] / loaders(TestReporter): self=pod:pod-junit [lib 2.0], pod:pod-junit [lib 2.0]"),
                    Outcomes.entries(r, "self"), "the test class and the version: each version's pod");
            List<String> ids = Outcomes.entries(r, "junitId").stream().map(e -> e.substring(e.indexOf('=') + 1)).toList();
            assertEquals(ids.get(0), ids.get(1), "one JUnit for both versions of a class");
            assertEquals(ids.get(2), ids.get(3));
            assertEquals(List.of(), Outcomes.entries(r, "pods.leak"), "each layer was collected with its pods");
            assertRunClosed(before);
        }
    }

    @Test
    void podsPreparedForVersionsAFilteredRunSkipsAreClosedWithTheirClass() throws Exception {
        String source = src("""
                @PodMatrix(artifact = "com.acme:lib", versions = {"1.0", "2.0", "2.1"})
                public class FilteredTest { @Test void t() { assertNotNull(Lib.name()); } }
                """);
        try (URLClassLoader loader = world.tests(Map.of("acme.FilteredTest", source))) {
            java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
            // Only the first version is selected; the next two are prepared ahead all the same. A
            // unique id names the class, which JUnit loads with the context loader.
            EngineExecutionResults r;
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            try {
                r = org.junit.platform.testkit.engine.EngineTestKit.engine("junit-jupiter")
                        .configurationParameters(world.params())
                        .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId(
                                "[engine:junit-jupiter]/[class-template:acme.FilteredTest]/[class-template-invocation:#1]"))
                        .execute();
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
            assertEquals(Map.of("FilteredTest", "SUCCESSFUL", "FilteredTest / FilteredTest [lib 1.0]", "SUCCESSFUL",
                    "FilteredTest / FilteredTest [lib 1.0] / t()", "SUCCESSFUL"), Outcomes.of(r));
            assertEquals(List.of(), Outcomes.entries(r, "pods.leak"), "the layer was collected: nothing kept it");
            assertRunClosed(before);
        }
    }

    @Test
    void withoutSharingEachPodLoadsItsOwnJUnit() {
        world.param(Config.SHARED_JUNIT, "false");
        try {
            EngineExecutionResults r = world.run("acme.UnsharedTest", src(
                    "@PodMatrix(artifact = \"com.acme:lib\", versions = \"1.0\") public class UnsharedTest {" + LOADERS + "}"));
            assertEquals(List.of("UnsharedTest / UnsharedTest [lib 1.0] / loaders(TestReporter): junit=" + String.join(", ",
                    java.util.Collections.nCopies(5, "pod:pod-junit [lib 1.0]"))), Outcomes.entries(r, "junit"));
            assertEquals(List.of(), Outcomes.entries(r, "pods.leak"));
        } finally {
            world.unparam(Config.SHARED_JUNIT);
        }
    }

    @Test
    void aLayerLeftReachableIsReportedWithItsName() {
        String key = "dev.pods.junit.test.layerLeak";
        try {
            world.param(Config.LEAK_TIMEOUT, "800");
            EngineExecutionResults r = world.run("acme.PinsJUnitTest", src("""
                    @PodMatrix(artifact = "com.acme:lib", versions = "2.0")
                    public class PinsJUnitTest {
                        @Test void pin() { System.getProperties().put("KEY", Test.class); }
                    }
                    """.replace("KEY", key)));
            List<String> leaks = Outcomes.entries(r, "pods.leak");
            // The layer's JUnit cached the pod's classes (the container of the repeatable @PodMatrix,
            // for one), so the pod is left with it; each report says the other is left too.
            assertEquals(2, leaks.size(), leaks::toString);
            assertTrue(leaks.get(0).startsWith("PinsJUnitTest: pods.leak=pod 'pod-junit [lib 2.0]'"
                    + " was closed but its class loader is still reachable after 800 ms; held by "), leaks.get(0));
            assertTrue(leaks.get(0).endsWith(". The JUnit it shares (pod 'pod-junit [JUnit of acme.PinsJUnitTest]') is"
                    + " still reachable too, and JUnit's caches there hold the classes it ran"), leaks.get(0));
            assertTrue(leaks.get(1).startsWith("PinsJUnitTest: pods.leak=pod 'pod-junit [JUnit of acme.PinsJUnitTest]'"
                    + " was closed but its class loader is still reachable after 800 ms; held by "), leaks.get(1));
            assertEquals("SUCCESSFUL", Outcomes.of(r).get("PinsJUnitTest / PinsJUnitTest [lib 2.0] / pin()"));
        } finally {
            System.getProperties().remove(key);
            world.param(Config.LEAK_TIMEOUT, "3000");
        }
    }

    @Test
    void aPodLeftReachableAfterItsClassIsReportedWithItsName() {
        String key = "dev.pods.junit.test.leak";
        try {
            world.param(Config.LEAK_TIMEOUT, "800");
            EngineExecutionResults r = world.run("acme.LeakyTest", src("""
                    @PodMatrix(artifact = "com.acme:lib", versions = "2.0")
                    public class LeakyTest {
                        @Test void leak() { System.getProperties().put("KEY", new Object() { }); }
                    }
                    """.replace("KEY", key)));
            List<String> leaks = Outcomes.entries(r, "pods.leak");
            assertEquals(2, leaks.size(), leaks::toString);
            assertTrue(leaks.get(0).startsWith("LeakyTest: pods.leak=pod 'pod-junit [lib 2.0]'"
                    + " was closed but its class loader is still reachable after 800 ms; held by "), leaks.get(0));
            assertTrue(leaks.get(0).endsWith(". The JUnit it shares (pod 'pod-junit [JUnit of acme.LeakyTest]') is still"
                    + " reachable too, and JUnit's caches there hold the classes it ran"), leaks.get(0));
            // The pod's loader delegates to its layer's, so the layer is left too, and says why.
            assertTrue(leaks.get(1).startsWith("LeakyTest: pods.leak=pod 'pod-junit [JUnit of acme.LeakyTest]'"
                    + " was closed but its class loader is still reachable after 800 ms; held by "), leaks.get(1));
            assertTrue(leaks.get(1).endsWith(". The pods that take their JUnit from it are still reachable too"
                    + " ('pod-junit [lib 2.0]'), and each of them holds it"), leaks.get(1));
            assertEquals("SUCCESSFUL", Outcomes.of(r).get("LeakyTest / LeakyTest [lib 2.0] / leak()"));
        } finally {
            System.getProperties().remove(key);
            world.param(Config.LEAK_TIMEOUT, "3000");
        }
    }
}
