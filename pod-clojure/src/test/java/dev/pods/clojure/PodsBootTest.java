package dev.pods.clojure;

import static org.junit.jupiter.api.Assertions.assertNull;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the clojure.test tests of {@code pods.boot-test} (a Clojure host using pods.boot, with
 * Clojure pods from Maven Central), one JUnit test per deftest, failing with clojure.test's report.
 */
@Tag("integration")
@Tag("central")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PodsBootTest {
    private static final String NS = "pods.boot-test";

    @TestFactory
    Stream<DynamicTest> bootPodApi() {
        Clojure.var("clojure.core", "require").invoke(Clojure.read(NS));
        IFn run = Clojure.var(NS, "run-test");
        @SuppressWarnings("unchecked")
        List<String> names = List.copyOf((java.util.Collection<String>) Clojure.var(NS, "test-names").invoke());
        return names.stream().map(name -> DynamicTest.dynamicTest(name,
                () -> assertNull(run.invoke(Clojure.read(name)), name + " failed")));
    }

    @AfterAll
    static void closePods() {
        Clojure.var(NS, "close-all").invoke();
    }
}
