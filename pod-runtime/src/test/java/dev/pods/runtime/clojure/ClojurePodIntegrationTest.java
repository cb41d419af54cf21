package dev.pods.runtime.clojure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Keyword;
import dev.pods.Opaque;
import dev.pods.Pod;
import dev.pods.PodBridgeException;
import dev.pods.PodCallException;
import dev.pods.PodEnv;
import dev.pods.PodException;
import dev.pods.Ratio;
import dev.pods.Symbol;
import dev.pods.runtime.Pods;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Clojure as a pod language through the Pod API, over real Clojure jars from Maven Central (two
 * versions; each test runs against both pods, made once for the class): vars called with
 * arguments, the data mapping in both directions, evaluation of references, and the errors.
 */
@Tag("integration")
@Tag("central")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClojurePodIntegrationTest {
    static final String OLD = "1.11.4";
    static final String NEW = "1.12.3";
    static final Path LOCAL = Path.of(System.getProperty("java.io.tmpdir"), "eval-it-local-repo");

    private Pod old;
    private Pod neu;

    static PodEnv env(String name, String... deps) {
        return PodEnv.empty().withName(name).withLocalRepository(LOCAL).withUserSettings(false).withDependencies(deps);
    }

    @BeforeAll
    void pods() {
        old = Pods.create(env("clj-old", "org.clojure:clojure:" + OLD));
        neu = Pods.create(env("clj-new", "org.clojure:clojure:" + NEW));
    }

    @AfterAll
    void close() {
        old.close();
        neu.close();
    }

    private List<Pod> both() {
        return List.of(old, neu);
    }

    @Test
    void varsAreCalledWithArgumentsAndTheirNamespaceIsRequiredOnFirstUse() {
        for (Pod p : both()) {
            assertEquals("PODS", (Object) p.call("clojure:clojure.string/upper-case", "pods"));
            assertEquals(false, p.eval("clojure", "(some? (find-ns 'clojure.data))"), "not loaded yet");
            Object diff = p.call("clojure:clojure.data/diff", Map.of(Keyword.of("a"), 1L), Map.of(Keyword.of("a"), 2L));
            assertEquals(List.of(Map.of(Keyword.of("a"), 1L), Map.of(Keyword.of("a"), 2L)), ((List<?>) diff).subList(0, 2));
            assertEquals(true, p.eval("clojure", "(some? (find-ns 'clojure.data))"));
            assertEquals(6L, (Object) p.call("clojure:clojure.core/+", 1, 2L, 3));
            assertEquals(Ratio.of(1, 3), (Object) p.call("clojure:clojure.core//", 1, 3), "clojure.core// is division");
            assertEquals("x", (Object) p.call("clojure:clojure.core/name", Keyword.of("x")));
        }
        assertEquals(List.of(List.of(1, 2), List.of(3)), (Object) neu.call("clojure:clojure.core/partitionv-all", 2,
                List.of(1, 2, 3)), "a 1.12 function in the 1.12 pod (Java's Integers stay Integers)");
        PodException e = assertThrows(PodException.class, () -> old.call("clojure:clojure.core/partitionv-all", 2, List.of(1)));
        assertTrue(e.getMessage().contains("has no var partitionv-all"), e.getMessage());
    }

    @Test
    void badTargetsSayWhatIsWrong() {
        PodException noNs = assertThrows(PodException.class, () -> neu.call("clojure:no.such.ns/f"));
        assertTrue(noNs.getMessage().contains("the pod has no namespace no.such.ns"), noNs.getMessage());
        PodException noVar = assertThrows(PodException.class, () -> neu.call("clojure:clojure.string/shout", "x"));
        assertTrue(noVar.getMessage().contains("namespace clojure.string has no var shout; its public vars include"),
                noVar.getMessage());
        PodException form = assertThrows(PodException.class, () -> neu.call("clojure:clojure.string"));
        assertTrue(form.getMessage().startsWith("call target 'clojure:clojure.string' has no '/' between the namespace"
                + " and the name;"), form.getMessage());
        PodException notFn = assertThrows(PodException.class, () -> neu.call("clojure:clojure.core/*clojure-version*"));
        assertTrue(notFn.getMessage().contains("is not a function"), notFn.getMessage());
        neu.eval("clojure", "(ns priv.ns) (defn- hidden [] 1) (in-ns 'user)");
        PodException priv = assertThrows(PodException.class, () -> neu.call("clojure:priv.ns/hidden"));
        assertTrue(priv.getMessage().contains("is private"), priv.getMessage());
        PodException lang = assertThrows(PodException.class, () -> neu.call("cobol:a/b"));
        assertTrue(lang.getMessage().contains("names the language 'cobol', which has no functions a call can name"),
                lang.getMessage());

        neu.eval("clojure", "(defn boom [] (throw (ex-info \"bad\" {:k 1})))");
        PodCallException thrown = assertThrows(PodCallException.class, () -> neu.call("clojure:user/boom"));
        assertEquals("clojure.lang.ExceptionInfo", thrown.remoteClassName());
        assertEquals("bad", thrown.remoteMessage());
        assertEquals("PODS", (Object) neu.call("clojure:clojure.string/upper-case", "pods"), "still usable");
    }

    @Test
    void podDataArrivesInTheDocumentedJavaForms() {
        for (Pod p : both()) {
            Object v = p.eval("clojure", "(defrecord Point [x y])"
                    + " {:kw :ns/k, :sym 'a/b, :str \"s\", :vec [1 2], :list '(1 2), :seq (map inc [1 2]),"
                    + "  :set #{1}, :ratio 1/3, :big 2N, :dec 1.5M, :dbl 2.5, :ch \\x, :nil nil, :bool true,"
                    + "  :sorted (sorted-map :b 1 :a 2), :sorted-set (sorted-set 3 1 2), :rec (->Point 1 2),"
                    + "  :empty-list (), :queue (conj clojure.lang.PersistentQueue/EMPTY 1)}");
            Map<?, ?> m = assertInstanceOf(LinkedHashMap.class, v);
            assertEquals(Keyword.of("ns", "k"), m.get(Keyword.of("kw")));
            assertNull(m.get(":kw"), "keywords are not strings");
            assertEquals(Symbol.of("a", "b"), m.get(Keyword.of("sym")));
            assertEquals("s", m.get(Keyword.of("str")));
            assertEquals(List.of(1L, 2L), assertInstanceOf(ArrayList.class, m.get(Keyword.of("vec"))));
            assertEquals(List.of(1L, 2L), assertInstanceOf(LinkedList.class, m.get(Keyword.of("list"))));
            assertEquals(List.of(2L, 3L), assertInstanceOf(LinkedList.class, m.get(Keyword.of("seq"))));
            assertEquals(Set.of(1L), assertInstanceOf(LinkedHashSet.class, m.get(Keyword.of("set"))));
            assertEquals(Ratio.of(1, 3), m.get(Keyword.of("ratio")), "exact, not rounded");
            assertEquals(BigInteger.TWO, m.get(Keyword.of("big")));
            assertEquals(new BigDecimal("1.5"), m.get(Keyword.of("dec")));
            assertEquals(2.5, m.get(Keyword.of("dbl")));
            assertEquals('x', m.get(Keyword.of("ch")));
            assertTrue(m.containsKey(Keyword.of("nil")));
            assertNull(m.get(Keyword.of("nil")));
            assertEquals(true, m.get(Keyword.of("bool")));
            TreeMap<?, ?> sorted = assertInstanceOf(TreeMap.class, m.get(Keyword.of("sorted")));
            assertEquals(List.of(Keyword.of("a"), Keyword.of("b")), new ArrayList<>(sorted.keySet()));
            assertEquals(List.of(1L, 2L, 3L), new ArrayList<>(assertInstanceOf(TreeSet.class, m.get(Keyword.of("sorted-set")))));
            assertEquals(Map.of(Keyword.of("x"), 1L, Keyword.of("y"), 2L),
                    assertInstanceOf(LinkedHashMap.class, m.get(Keyword.of("rec"))), "a record arrives as a map");
            assertEquals(List.of(), assertInstanceOf(LinkedList.class, m.get(Keyword.of("empty-list"))));
            assertEquals(List.of(1L), assertInstanceOf(LinkedList.class, m.get(Keyword.of("queue"))));
        }
    }

    @Test
    void javaValuesArriveAsClojureDataAndRoundTrip() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(Keyword.of("a"), new ArrayList<>(List.of(1L, Symbol.of("s"))));
        map.put("str", new LinkedList<>(List.of(Keyword.of("x", "y"))));
        map.put(Keyword.of("set"), new LinkedHashSet<>(List.of(Ratio.of(1, 3))));
        map.put(Keyword.of("big"), BigInteger.TEN);
        map.put(Keyword.of("sorted"), new TreeMap<>(Map.of(Keyword.of("b"), 1L, Keyword.of("a"), 2L)));
        for (Pod p : both()) {
            assertEquals("[:a [1 s] \"str\" (:x/y) :set #{1/3} :big 10N :sorted {:a 2, :b 1}]",
                    (Object) p.call("clojure:clojure.core/pr-str", List.of(Keyword.of("a"), List.of(1L, Symbol.of("s")), "str",
                            new LinkedList<>(List.of(Keyword.of("x", "y"))), Keyword.of("set"),
                            Set.of(Ratio.of(1, 3)), Keyword.of("big"), BigInteger.TEN, Keyword.of("sorted"),
                            new TreeMap<>(Map.of(Keyword.of("b"), 1L, Keyword.of("a"), 2L)))));
            assertEquals(true, (Object) p.call("clojure:clojure.core/vector?", new ArrayList<>(List.of(1))));
            assertEquals(true, (Object) p.call("clojure:clojure.core/list?", new LinkedList<>(List.of(1))));
            assertEquals(true, (Object) p.call("clojure:clojure.core/map?", new TreeMap<>()));
            assertEquals(true, (Object) p.call("clojure:clojure.core/sorted?", new TreeMap<>()));
            assertEquals(true, (Object) p.call("clojure:clojure.core/set?", Set.of(1)));
            assertEquals(true, (Object) p.call("clojure:clojure.core/keyword?", Keyword.of("k")));
            assertEquals(true, (Object) p.call("clojure:clojure.core/symbol?", Symbol.of("k")));
            assertEquals(true, (Object) p.call("clojure:clojure.core/ratio?", Ratio.of(2, 3)));
            Object back = p.call("clojure:clojure.core/identity", map);
            assertEquals(map, back);
            Map<?, ?> m = (Map<?, ?>) back;
            assertInstanceOf(ArrayList.class, m.get(Keyword.of("a")));
            assertInstanceOf(LinkedList.class, m.get("str"));
            assertInstanceOf(TreeMap.class, m.get(Keyword.of("sorted")));
            assertArrayEquals(new Object[] {Keyword.of("k")}, ((List<?>) p.call("clojure:clojure.core/vector",
                    Keyword.of("k"))).toArray());
        }
    }

    @Test
    void referencesEvaluateToTheirPrintedFormAndStrictCallsRefuseThem() {
        for (Pod p : both()) {
            Opaque var = assertInstanceOf(Opaque.class, p.eval("clojure", "(def x 1)"));
            assertEquals("#'user/x", var.printed());
            assertEquals("clojure.lang.Var", var.type());
            assertEquals(1L, p.eval("clojure", "x"));
            Opaque atom = assertInstanceOf(Opaque.class, p.eval("clojure", "(atom {:a 1})"));
            assertEquals("clojure.lang.Atom", atom.type());
            assertTrue(atom.printed().contains(":val {:a 1}"), atom.printed());
            Opaque fn = assertInstanceOf(Opaque.class, p.eval("clojure", "inc"));
            assertTrue(fn.printed().contains("clojure.core$inc"), fn.printed());
            Map<?, ?> nested = (Map<?, ?>) p.eval("clojure", "{:ns *ns* :vars [#'x] :later (delay 1)}");
            Opaque ns = assertInstanceOf(Opaque.class, nested.get(Keyword.of("ns")));
            assertEquals("clojure.lang.Namespace", ns.type());
            assertTrue(ns.printed().contains("user"), ns.printed());
            assertEquals("#'user/x", ((List<?>) nested.get(Keyword.of("vars"))).get(0).toString());
            assertInstanceOf(Opaque.class, nested.get(Keyword.of("later")));

            PodBridgeException a = assertThrows(PodBridgeException.class, () -> p.call("clojure:clojure.core/atom", 1));
            assertEquals("clojure.lang.Atom", a.typeName());
            assertEquals(PodBridgeException.Side.POD, a.side());
            assertTrue(a.getMessage().contains("an atom holds mutable state that lives in the pod; return its current"
                    + " value (deref it)"), a.getMessage());
            PodBridgeException deep = assertThrows(PodBridgeException.class,
                    () -> p.call("clojure:clojure.core/load-string", "{:state {:conn [1 (atom 2)]}}"));
            assertTrue(deep.getMessage().contains("(at [:state :conn 1] in the value)"), deep.getMessage());
            PodBridgeException strictDef = assertThrows(PodBridgeException.class,
                    () -> p.call("clojure:pods.pod/eval-form", new LinkedList<>(List.of(Symbol.of("def"), Symbol.of("y"),
                            2L)), Map.of(Keyword.of("strict?"), true)));
            assertEquals("clojure.lang.Var", strictDef.typeName());
            assertTrue(strictDef.getMessage().contains("a var is a reference"), strictDef.getMessage());
            assertEquals(2L, p.eval("clojure", "y"), "the strict evaluation ran; only its value was refused");
        }
    }

    @Test
    void requireTakesNamespacesAndRefusesWhatIsNotOne() {
        neu.require("clojure:clojure.walk");
        assertEquals(true, neu.eval("clojure", "(some? (find-ns 'clojure.walk))"));
        PodException empty = assertThrows(PodException.class, () -> neu.require("clojure:"));
        assertTrue(empty.getMessage().startsWith("require clojure:: "), empty.getMessage());
        PodException missing = assertThrows(PodException.class, () -> neu.require("clojure:no.such.lib"));
        assertTrue(missing.getMessage().contains("Could not locate no/such/lib"), missing.getMessage());
        assertFalse(neu.eval("clojure", "(some? (find-ns 'x))") == Boolean.TRUE);
    }
}
