package dev.pods.cli;

import dev.pods.Isolation;
import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.PodException;
import dev.pods.PodLeak;
import dev.pods.PodProcessException;
import dev.pods.PodLease;
import dev.pods.PodPool;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pods demo}: two versions of Apache Commons Lang side by side in one JVM. A method
 * only the newer one has ({@code StringUtils.toRootUpperCase}, added after 3.8.1) succeeds in
 * one pod and fails clearly in the other; a Java snippet reads each pod's own copy of the
 * library's {@code pom.properties}; a warm pool acquire is timed against a cold pod; the newer
 * one runs in a process pod too, where {@code System.exit(3)} ends that pod's JVM and nothing
 * else; everything is closed and the loaders' collection checked.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Load two versions of one library side by side in two pods and show what pods do,"
                + " in this JVM and in a JVM of its own.")
final class DemoCommand extends PodsCommand implements Callable<Integer> {
    static final String GROUP_ARTIFACT = "org.apache.commons:commons-lang3";
    static final String NEW_ONLY_METHOD = "org.apache.commons.lang3.StringUtils/toRootUpperCase";
    static final String UPPER = "org.apache.commons.lang3.StringUtils/upperCase";
    static final String VERSION_SNIPPET = "var props = new java.util.Properties();\n"
            + "props.load(org.apache.commons.lang3.StringUtils.class.getResourceAsStream(\n"
            + "    \"/META-INF/maven/org.apache.commons/commons-lang3/pom.properties\"));\n"
            + "props.getProperty(\"version\")";

    @Mixin
    Options.Env env = new Options.Env();

    @Option(names = "--old", paramLabel = "VERSION", defaultValue = "3.8.1", description = "The older version (default ${DEFAULT-VALUE}).")
    String oldVersion;

    @Option(names = "--new", paramLabel = "VERSION", defaultValue = "3.17.0", description = "The newer version (default ${DEFAULT-VALUE}).")
    String newVersion;

    private final List<WeakReference<ClassLoader>> loaders = new ArrayList<>();

    @Override
    public Integer call() {
        if (!env.dependencies.isEmpty()) {
            throw new UserException("pods demo chooses its own dependencies; leave out -d");
        }
        // One resolver for the whole demo: each env resolves once, and every pod (the pool's,
        // the cold one, the process pod) is made by the maker's runtime from that resolution.
        try (PodMaker maker = new PodMaker(this)) {
            return demo(maker);
        }
    }

    private int demo(PodMaker maker) {
        PodEnv base = env.toEnv("demo");
        PodEnv oldEnv = base.withDependencies(GROUP_ARTIFACT + ":" + oldVersion).withName("lang3-" + oldVersion);
        PodEnv newEnv = base.withDependencies(GROUP_ARTIFACT + ":" + newVersion).withName("lang3-" + newVersion);
        Table table = new Table("", "commons-lang3 " + oldVersion, "commons-lang3 " + newVersion);
        List<String> notes = new ArrayList<>();
        out().println("pods demo: two versions of commons-lang3 side by side in one JVM");
        out().println();

        Column[] cols = {new Column(oldEnv), new Column(newEnv)};
        for (Column c : cols) {
            Timer t = Timer.start();
            maker.resolve(c.env);
            c.resolve = t.lap();
            c.pod = maker.create(c.env); // the resolution just made, from the maker's memo
            c.create = t.lap();
            loaders.add(new WeakReference<>(c.pod.classLoader()));
        }
        table.row("resolve (Maven; cached after first run)", cols[0].resolve, cols[1].resolve);
        table.row("create pod", cols[0].create, cols[1].create);

        for (Column c : cols) {
            Timer t = Timer.start();
            try {
                Object r = c.pod.call(NEW_ONLY_METHOD, "pods");
                c.call = Json.format(r) + " (" + t.lap() + ")";
            } catch (PodException e) {
                c.call = "FAILS (" + e.getClass().getSimpleName() + ")";
                notes.add(c.env.name() + ": " + shorten(Errors.firstLine(e.getMessage())));
            }
            t.lap();
            try {
                Object v = c.pod.eval(VERSION_SNIPPET);
                c.eval = Json.format(v) + " (" + t.lap() + ")";
            } catch (PodException e) {
                c.eval = "FAILS (" + e.getClass().getSimpleName() + ")";
                notes.add(c.env.name() + " eval: " + shorten(Errors.firstLine(e.getMessage())));
            }
        }
        table.row("call StringUtils.toRootUpperCase(\"pods\")", cols[0].call, cols[1].call);
        table.row("eval java: version in the pod's pom.properties", cols[0].eval, cols[1].eval);

        // A warm pool against a cold pod: same env, same call.
        String warm;
        String cold;
        long warmNanos;
        long coldNanos;
        try (PodPool pool = PodPool.builder(newEnv).size(2).init(p -> p.call(NEW_ONLY_METHOD, "warm"))
                .podFactory(maker::create).build()) {
            Pod current = pool.current(Duration.ofSeconds(120));
            loaders.add(new WeakReference<>(current.classLoader()));
            waitForWarm(pool);
            Timer t = Timer.start();
            try (PodLease lease = pool.borrow(Duration.ofSeconds(120))) {
                lease.pod().call(NEW_ONLY_METHOD, "pods");
                warmNanos = t.elapsedNanos();
                loaders.add(new WeakReference<>(lease.pod().classLoader()));
            }
            warm = Timer.format(warmNanos);
            current = null;
        }
        Timer t = Timer.start();
        try (Pod p = maker.create(newEnv)) {
            p.call(NEW_ONLY_METHOD, "pods");
            coldNanos = t.elapsedNanos();
            loaders.add(new WeakReference<>(p.classLoader()));
        }
        cold = Timer.format(coldNanos);
        table.row("warm pool: borrow + call", "", warm);
        table.row("cold: create pod + call", "", cold + String.format(Locale.ROOT, " (%.0fx the warm pool)",
                (double) coldNanos / Math.max(1, warmNanos)));

        // The same library in a JVM of its own: System.exit there ends that JVM only.
        t = Timer.start();
        try (Pod process = maker.create(newEnv.withName("lang3-process").withIsolation(Isolation.PROCESS))) {
            Object r = process.call(NEW_ONLY_METHOD, "pods");
            table.row("process pod (a JVM of its own): create + call", "", Json.format(r) + " (" + t.lap() + ")");
            String exit;
            try {
                process.call("java.lang.System/exit", 3);
                exit = "returned (unexpected)";
            } catch (PodProcessException e) {
                exit = "pod gone, exit code " + e.exitCode();
            }
            table.row("System.exit(3) inside the process pod", "", exit);
        }
        table.row("the in-process pods afterwards: upperCase", Json.format(cols[0].pod.call(UPPER, "still here")),
                Json.format(cols[1].pod.call(UPPER, "still here")));

        for (Column c : cols) {
            c.pod.close();
            c.pod = null;
        }
        int collected = awaitCollection();
        table.row("close everything: loaders collected", "", collected + " of " + loaders.size());

        table.print(out());
        if (!notes.isEmpty()) {
            out().println();
        }
        for (String n : notes) {
            out().println("  " + n);
        }
        if (collected < loaders.size()) {
            for (var leak : maker.runtime().leaks()) {
                out().println("  still reachable: " + leak.podName() + ", held by " + leak.holders());
            }
        }
        return Main.OK;
    }

    /** The first sentence-ish part of a message, for a note under the table. */
    static String shorten(String message) {
        int semi = message.indexOf("; its public");
        String s = semi > 0 ? message.substring(0, semi) : message;
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }

    private static void waitForWarm(PodPool pool) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (pool.stats().warm() < 1 && System.nanoTime() < deadline) {
            sleep(5);
        }
    }

    private int awaitCollection() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int collected = 0;
        while (System.nanoTime() < deadline) {
            System.gc();
            collected = (int) loaders.stream().filter(r -> r.get() == null).count();
            if (collected == loaders.size()) {
                break;
            }
            sleep(50);
        }
        return collected;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted");
        }
    }

    private static final class Column {
        final PodEnv env;
        Pod pod;
        String resolve;
        String create;
        String call;
        String eval;

        Column(PodEnv env) {
            this.env = env;
        }
    }
}
