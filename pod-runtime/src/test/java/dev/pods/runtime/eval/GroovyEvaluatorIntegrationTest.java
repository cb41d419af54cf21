package dev.pods.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.PodClosedException;
import dev.pods.PodEvalException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** A JSR-223 engine found in the pod: Groovy, over real jars from Maven Central. */
@Tag("integration")
@Tag("central")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GroovyEvaluatorIntegrationTest {
    static final String GROOVY = "org.apache.groovy:groovy-jsr223:4.0.24";

    private EvalContext pod;
    private final ScriptEngineEvaluatorProvider provider = new ScriptEngineEvaluatorProvider();

    @BeforeAll
    void pod() {
        pod = TestContexts.over("groovy", CentralJars.resolve(GROOVY));
    }

    @AfterAll
    void close() {
        TestContexts.close(pod);
    }

    @Test
    void theEngineIsOfferedByItsNamesAndOnlyInThePodThatHasIt() {
        Set<String> names = provider.languages(pod);
        assertTrue(names.contains("groovy"), names.toString());
        assertFalse(provider.languages(TestContexts.empty("plain")).contains("groovy"),
                "the host's or another pod's engines are not offered");
    }

    @Test
    void evalReturnsTheEnginesValueAndKeepsState() throws Exception {
        try (Evaluator groovy = provider.create("groovy", pod)) {
            assertEquals("groovy", groovy.language());
            assertEquals(3, groovy.eval("1 + 2"));
            assertEquals(List.of(2, 4, 6), groovy.eval("[1, 2, 3].collect { it * 2 }"));
            assertEquals(Map.of("a", 1), groovy.eval("[a: 1]"));
            groovy.eval("counter = 10");
            assertEquals(11, groovy.eval("counter + 1"));
            // The engine's classes come from the pod's loader.
            Object cls = groovy.eval("this.class.classLoader.parent");
            assertInstanceOf(ClassLoader.class, cls);
        }
    }

    @Test
    void errorsAreCompileDiagnosticsOrTheScriptsOwnException() throws Exception {
        Evaluator groovy = provider.create("groovy", pod);
        PodEvalException compile = assertThrows(PodEvalException.class, () -> groovy.eval("def x = (1 + "));
        assertEquals("groovy", compile.language());
        assertFalse(compile.diagnostics().isEmpty());
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> groovy.eval("throw new IllegalStateException('nope')"));
        assertEquals("nope", thrown.getMessage());
        assertEquals(2, groovy.eval("1 + 1"));
        groovy.close();
        assertThrows(PodClosedException.class, () -> groovy.eval("1"));
    }

    @Test
    void builtinProvidersRouteEachLanguage() {
        List<EvaluatorProvider> providers = BuiltinEvaluators.providers();
        assertEquals(3, providers.size());
        assertEquals(Set.of("java"), providers.get(0).languages(pod));
        assertEquals(Set.of(), providers.get(1).languages(pod), "no clojure in a groovy pod");
        assertTrue(providers.get(2).languages(pod).contains("groovy"));
    }
}
