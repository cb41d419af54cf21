/**
 * Testing against many versions of a dependency in one JVM: {@link dev.pods.junit.PodMatrix}
 * runs a JUnit Jupiter test class once per version, each run inside a pod whose classpath is the
 * test's own with that version swapped in; {@link dev.pods.junit.PodTest} is the single-override
 * form.
 *
 * <pre>{@code
 * @PodMatrix(artifact = "org.apache.commons:commons-lang3", versions = {"3.8.1", "3.17.0"})
 * class StringUtilsTest {
 *     @Test
 *     void upper() {
 *         assertEquals("PODS", StringUtils.toRootUpperCase("pods"));
 *     }
 * }
 * }</pre>
 *
 * <h2>How a class runs</h2>
 * Both annotations are JUnit class templates ({@code @ClassTemplate}, Jupiter 5.13 or newer): the
 * class is one node and each version an invocation below it, {@code StringUtilsTest
 * [commons-lang3 3.8.1]}, in every JUnit Platform launcher (IDEs, Surefire, Gradle). For each
 * version:
 * <ol>
 *   <li>The version is resolved with its transitive dependencies by the runtime's resolver, from
 *       the user's Maven settings (mirrors, proxies, credentials, offline, local repository).</li>
 *   <li>The pod's classpath is the test classpath (see below) with every resolved artifact put in
 *       place of the test classpath's copy, in place; the artifacts that run the class (the JUnit
 *       Platform, opentest4j, apiguardian, Pods) are never swapped.</li>
 *   <li>The whole class runs in the pod, once, with the JUnit Platform launcher and the Jupiter
 *       engine of the test classpath: the test class is loaded by the pod and links against that
 *       version; {@code @BeforeAll}/{@code @AfterAll}, {@code @Nested} classes, parameterized
 *       and dynamic tests, extensions registered on the class and assertion libraries work as in a
 *       plain run. The pod reports every node's outcome as plain data (the pod's exception classes
 *       are not the host's); the pod is then closed.</li>
 *   <li>On the host, JUnit walks the same class's tree for the version, but nothing of the class
 *       runs there: lifecycle methods are skipped, and each node replays its pod outcome (a
 *       failure is rethrown with the remote class name, message, stack and causes; JDK exceptions
 *       such as {@code NoSuchMethodError} as themselves; aborted and skipped stay so).</li>
 * </ol>
 * A failure in one version never stops the others. Versions run in parallel, each in its own
 * pod, under JUnit's parallel execution. While one version runs, the next one's pod is prepared
 * in the background (resolved, made, warmed): nothing of the user's runs there.
 *
 * <h2>One JUnit per class</h2>
 * The versions of a class share one copy of JUnit: the test classpath's JUnit Platform, Jupiter
 * (API, engine, parameterized tests), opentest4j and apiguardian are loaded once for the class,
 * in a pod of their own, and each version's pod takes those packages from it (everything else,
 * the test classes and the version included, from its own classpath). Loading and compiling
 * JUnit is most of what running a small class costs, in a pod as in a fresh JVM. The shared
 * JUnit is closed and checked for collection with the class's pods when the class ends (with
 * {@code pool.reuse}, when the run ends). It is not used, and each pod loads its own JUnit, when
 * the Kotlin standard library is on the test classpath (Jupiter's Kotlin support, loaded once,
 * would see one pod's Kotlin), when {@code pool.size} keeps pods warm across classes without
 * {@code pool.reuse}, or when {@code dev.pods.junit.sharedJUnit} is false.
 *
 * <h2>The test classpath</h2>
 * Found as the JVM built it: {@code java.class.path} with every jar's manifest {@code Class-Path}
 * followed (Surefire's manifest-only booter jar, IDE classpath jars), {@code jdk.module.path}, and
 * the URLs of class loaders between the test class and the application loader. When the test
 * class was loaded from somewhere else, the class fails saying so; the configuration parameter
 * {@code dev.pods.junit.classpath} then gives the classpath. The varied artifact must be on it:
 * the test compiles against one version of it, and the pod replaces that copy.
 *
 * <h2>Configuration parameters</h2>
 * <ul>
 *   <li>{@code dev.pods.junit.userSettings} (true): honour {@code ~/.m2/settings.xml}
 *       and the global settings; {@code dev.pods.junit.settings}: another settings file;
 *       {@code dev.pods.junit.localRepository}; {@code dev.pods.junit.offline};
 *       {@code dev.pods.junit.defaultRepositories} (true): search Maven Central;
 *       {@code dev.pods.junit.repositories}: more, as {@code id=uri,id=uri}.</li>
 *   <li>{@code dev.pods.junit.sharedJUnit} (true, but see above): whether the pods of a class
 *       share one copy of JUnit.</li>
 *   <li>{@code dev.pods.junit.pool.size} (0): warm pods kept per version;
 *       {@code dev.pods.junit.pool.reuse} (false): one pod per version for the whole run, shared by
 *       the classes (statics persist between them, as in one forked JVM per version), instead of a
 *       fresh pod per class; {@code dev.pods.junit.prepareAhead} (the processors, at most 4): versions whose
 *       pods are prepared in the background while another version runs (0: none).</li>
 *   <li>{@code dev.pods.junit.leakCheck.timeout} (2000 ms; 0 turns it off): after a class, how long
 *       to wait for its closed pods (and its JUnit) to be collected. A pod still reachable is reported as a
 *       {@code pods.leak} report entry on the class and a warning in the log, naming the pod and
 *       what holds it; the tests keep their outcomes.</li>
 *   <li>{@code dev.pods.junit.classpath}: the test classpath, when it cannot be discovered.</li>
 *   <li>Jupiter's own settings of the run (parallel execution, timeouts, default lifecycle, display
 *       name generator, extension auto-detection, ordering) are handed to the run in each pod.</li>
 * </ul>
 *
 * <h2>What to know</h2>
 * <ul>
 *   <li>The host discovers the class with the test classpath's copy of the artifact (the one it
 *       compiles against), so method signatures must resolve there; JUnit also constructs a host
 *       instance of the class per test, to call its (skipped) methods: keep constructors and field
 *       initializers free of version-specific calls (put those in {@code @BeforeEach}).</li>
 *   <li>Extension callbacks registered on the class run in the pod as in a plain run, and also on
 *       the host around the replayed nodes (JUnit offers no way to keep them from it).</li>
 *   <li>A parameterized test's arguments are computed on both sides. When they differ by version,
 *       a host invocation without a pod outcome fails saying so, and pod invocations the host does
 *       not show fail the version when they failed (a report entry lists them when they passed).</li>
 *   <li>The class runs whole in each pod even when a launcher selected one method of it.</li>
 *   <li>In Maven Surefire's XML reports, set the JUnit 5 reporter's
 *       {@code usePhrasedTestCaseClassName} so that each version appears under its own name.</li>
 * </ul>
 */
package dev.pods.junit;
