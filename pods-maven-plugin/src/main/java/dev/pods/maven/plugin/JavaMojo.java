package dev.pods.maven.plugin;

import dev.pods.Pod;
import dev.pods.PodCallException;
import dev.pods.PodEnv;
import dev.pods.PodException;
import dev.pods.PodLease;
import dev.pods.PodResolutionException;
import dev.pods.PodTimeoutException;
import dev.pods.maven.MavenPods;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Runs a class's {@code main} method in a pod, inside the running Maven: like {@code exec:java},
 * without its hazards. The program sees only the JDK and its own classpath (not Maven's classes,
 * not this plugin's); when {@code main} returns, the threads it left are ended and reported and
 * its class loader is closed (and checked for collection when the build ends); a
 * {@link #timeout} ends it on any JDK. The classpath is the project's (by
 * {@link #classpathScope}) or, given {@link #dependencies}, those coordinates resolved with the
 * build's own repositories and settings ({@code -o} included).
 *
 * <pre>
 * mvn dev.pods:pods-maven-plugin:java -Dpods.mainClass=com.acme.Main -Dpods.arguments=a,b
 * </pre>
 *
 * <p>An in-process pod shares the JVM with Maven: {@code System.exit} in the program ends Maven
 * too, and {@link #systemProperties} are JVM-wide while the program runs. {@code isolation=process}
 * runs it in a child JVM: {@code System.exit} fails the build with the exit code, a timeout kills
 * the child on any JDK, and the system properties are the child's own.
 */
@Mojo(name = "java", requiresDependencyResolution = ResolutionScope.TEST, requiresProject = false, threadSafe = true)
public class JavaMojo extends PodsMojo {
    /** The class whose {@code public static void main(String[])} runs. */
    @Parameter(property = "pods.mainClass", required = true)
    private String mainClass;

    /** The program's arguments (on the command line: comma-separated). */
    @Parameter(property = "pods.arguments")
    private List<String> arguments;

    /**
     * Coordinates ({@code group:artifact[:extension[:classifier]]:version}) to run from instead of
     * the project's classpath, resolved with their transitive runtime dependencies.
     */
    @Parameter(property = "pods.dependencies")
    private List<String> dependencies;

    /** Which of the project's classpaths to run on, without {@link #dependencies}: compile, runtime or test. */
    @Parameter(property = "pods.classpathScope", defaultValue = "runtime")
    private String classpathScope;

    /** The longest the program may run, e.g. {@code 30s}, {@code 500ms}, {@code 2m} or {@code PT1M}; none by default. */
    @Parameter(property = "pods.timeout")
    private String timeout;

    /** {@code in-process} (default) or {@code process} (a child JVM: {@code System.exit} is contained). */
    @Parameter(property = "pods.isolation", defaultValue = "in-process")
    private String isolation;

    /**
     * System properties set while the program runs, and restored after. In-process they are the
     * JVM's, seen by Maven and by modules building in parallel.
     */
    @Parameter
    private Map<String, String> systemProperties;

    /**
     * Keep the pod warm for the next run of the same classpath in this build (classes loaded and
     * statics kept) instead of a clean pod each time. Threads the program leaves then run until
     * the build ends.
     */
    @Parameter(property = "pods.reuse", defaultValue = "false")
    private boolean reuse;

    /** Skips the goal. */
    @Parameter(property = "pods.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping pods:java (pods.skip)");
            return;
        }
        String main = Settings.mainClass(mainClass);
        Duration limit = Settings.timeout(timeout);
        boolean process = Isolation.of(isolation) == Isolation.PROCESS;
        MavenPods pods = pods();
        PodEnv env = env(pods);
        if (process) {
            // A child JVM: System.exit ends the child only, a timeout kills it on any JDK, and the
            // program's system properties are the child's own.
            dev.pods.PodJvm jvm = dev.pods.PodJvm.defaults();
            if (systemProperties != null) {
                for (Map.Entry<String, String> e : systemProperties.entrySet()) {
                    jvm = jvm.withSystemProperty(e.getKey(), e.getValue() == null ? "" : e.getValue());
                }
            }
            env = env.withIsolation(dev.pods.Isolation.PROCESS).withJvm(jvm);
        }
        String[] args = arguments == null ? new String[0] : arguments.toArray(new String[0]);

        long start = System.nanoTime();
        PodLease lease;
        try {
            lease = reuse ? pods.shared(env, getLog()) : pods.fresh(env, getLog());
        } catch (PodResolutionException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (PodException e) {
            throw new MojoExecutionException("cannot start a pod for " + main + ": " + e.getMessage(), e);
        }
        long uses = pods.leases(env);
        String podLoader = null;
        try (lease) {
            Pod pod = lease.pod();
            podLoader = process ? null : pod.classLoader().getName();
            if (!process) {
                checkMain(pod, main); // a process pod's classes live in its JVM: the call reports a missing main
            }
            getLog().info("Running " + main + " in a pod (" + pod.classpath().size() + " classpath entries, "
                    + (reuse ? (uses > 1 ? "warm pod, run " + uses + " in this build" : "new pod, kept warm for this build")
                    : (uses > 1 ? "clean pod made in advance, run " + uses + " in this build" : "new pod"))
                    + ", ready in " + millis(start) + ")");
            Map<String, String> saved = process ? Map.of() : setProperties();
            try {
                if (limit == null) {
                    pod.call(main + "/main", (Object) args);
                } else {
                    pod.callWithTimeout(limit, main + "/main", (Object) args);
                }
            } catch (PodTimeoutException | PodCallException | dev.pods.PodProcessException e) {
                // A warm pod whose program failed or was cut short is not trusted with the next run.
                pod.close();
                throw e;
            } finally {
                if (!process) {
                    restoreProperties(saved);
                }
            }
        } catch (PodTimeoutException e) {
            throw new MojoFailureException(main + " did not return within " + timeout
                    + (process ? "; its JVM was killed" : "; it was interrupted and its pod closed"));
        } catch (dev.pods.PodProcessException e) {
            throw new MojoFailureException(main + " exited with code " + e.exitCode()
                    + (e.stderrTail().isBlank() ? "" : "; the end of its stderr:\n" + e.stderrTail()));
        } catch (PodCallException e) {
            logRemote(e, podLoader);
            throw new MojoFailureException(main + ".main threw " + e.remoteClassName()
                    + (e.remoteMessage() == null ? "" : ": " + e.remoteMessage()) + " (its stack trace is above)");
        } catch (PodException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        getLog().debug("pods:java " + main + " took " + millis(start));
    }

    private PodEnv env(MavenPods pods) throws MojoExecutionException {
        // One name for every pods:java env: the name is part of the env, and a name per module or per
        // main class would keep a reactor's modules from sharing warm pods.
        PodEnv env = baseEnv(pods).withName("java");
        if (dependencies != null && !dependencies.isEmpty()) {
            List<String> coords = new ArrayList<>();
            for (String d : dependencies) {
                if (d != null && !d.isBlank()) {
                    coords.add(d.trim());
                }
            }
            return env.withDependencies(coords.toArray(new String[0]));
        }
        if (project == null) {
            throw new MojoExecutionException("pods:java outside a project needs the program's coordinates:"
                    + " -Dpods.dependencies=group:artifact:version");
        }
        List<Path> cp = new ArrayList<>();
        for (String e : projectClasspath()) {
            Path p = Path.of(e);
            // A project's output folder is on its classpath before it exists (pom packaging, nothing compiled).
            if (Files.exists(p)) {
                cp.add(p);
            } else {
                getLog().debug("pods:java: skipping missing classpath entry " + p);
            }
        }
        return env.withClasspath(cp.toArray(new Path[0]));
    }

    private List<String> projectClasspath() throws MojoExecutionException {
        try {
            switch (Settings.scope(classpathScope)) {
                case "compile":
                    return project.getCompileClasspathElements();
                case "test":
                    return project.getTestClasspathElements();
                default:
                    return project.getRuntimeClasspathElements();
            }
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("the project's " + classpathScope + " classpath is not resolved: "
                    + e.getMessage(), e);
        }
    }

    /** A missing or unfit main class is the user's configuration error: say so before running anything. */
    private static void checkMain(Pod pod, String main) throws MojoExecutionException {
        Class<?> c;
        try {
            c = Class.forName(main, false, pod.classLoader());
        } catch (ClassNotFoundException e) {
            throw new MojoExecutionException("main class " + main + " is not on the pod's classpath ("
                    + describe(pod.classpath()) + ")");
        } catch (LinkageError e) {
            throw new MojoExecutionException("main class " + main + " cannot be loaded: " + e);
        }
        Method m;
        try {
            m = c.getMethod("main", String[].class);
        } catch (NoSuchMethodException e) {
            throw new MojoExecutionException(main + " has no public static void main(String[])");
        } catch (LinkageError e) {
            throw new MojoExecutionException(main + " cannot be linked: " + e);
        }
        if (!Modifier.isStatic(m.getModifiers())) {
            throw new MojoExecutionException(main + ".main(String[]) is not static");
        }
    }

    private static String describe(List<Path> cp) {
        if (cp.isEmpty()) {
            return "it is empty";
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Math.min(5, cp.size()); i++) {
            names.add(cp.get(i).getFileName().toString());
        }
        return cp.size() + " entries: " + String.join(", ", names) + (cp.size() > 5 ? ", ..." : "");
    }

    private Map<String, String> setProperties() {
        Map<String, String> saved = new HashMap<>();
        if (systemProperties != null) {
            for (Map.Entry<String, String> e : systemProperties.entrySet()) {
                saved.put(e.getKey(), System.getProperty(e.getKey()));
                System.setProperty(e.getKey(), e.getValue() == null ? "" : e.getValue());
            }
        }
        return saved;
    }

    private static void restoreProperties(Map<String, String> saved) {
        for (Map.Entry<String, String> e : saved.entrySet()) {
            if (e.getValue() == null) {
                System.clearProperty(e.getKey());
            } else {
                System.setProperty(e.getKey(), e.getValue());
            }
        }
    }

    /**
     * The program's exception as Java prints it, its frames cut where the program's code was
     * entered: below are Pods' and Maven's frames, which say nothing about the program.
     */
    private void logRemote(PodCallException e, String podLoader) {
        StringBuilder sb = new StringBuilder();
        for (PodCallException c = e; c != null; c = c.remoteCause()) {
            sb.append(c == e ? "" : "Caused by: ").append(c.remoteClassName())
                    .append(c.remoteMessage() == null ? "" : ": " + c.remoteMessage()).append(System.lineSeparator());
            List<StackTraceElement> frames = c.remoteStackTrace();
            int last = frames.size() - 1;
            while (last > 0 && podLoader != null && !podLoader.equals(frames.get(last).getClassLoaderName())) {
                last--;
            }
            for (int i = 0; i <= last; i++) {
                sb.append("\tat ").append(frames.get(i)).append(System.lineSeparator());
            }
            if (last < frames.size() - 1) {
                sb.append("\t... ").append(frames.size() - 1 - last).append(" frames of Pods and Maven")
                        .append(System.lineSeparator());
            }
        }
        getLog().error(sb.toString().stripTrailing());
    }

    private static String millis(long since) {
        return (System.nanoTime() - since) / 1_000_000 + " ms";
    }
}
