package dev.pods.bench;

import dev.pods.PodEnv;
import dev.pods.testing.FakeRepo;
import dev.pods.testing.Jars;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Fabricated repositories, jars and class folders for the benchmarks, built under a temporary
 * folder per benchmark fork. Nothing here touches the user's local repository except the
 * resolution benchmark, which means to measure a warm one.
 */
final class Fixtures {
    static final String CALC = "bench:calc:1.0";
    static final String CALC_SOURCE = "package bench;\n"
            + "public final class Calc {\n"
            + "  public static int add(int a, int b) { return a + b; }\n"
            + "  public static String echo(String s) { return s; }\n"
            + "  public static java.util.List<Integer> pair(int a, int b) { return java.util.List.of(a, b); }\n"
            + "  public static long pid() { return ProcessHandle.current().pid(); }\n"
            + "  public static void main(String[] args) { System.out.println(add(1, 2)); }\n"
            + "}\n";

    final Path dir;
    final FakeRepo repo;
    final Path localRepo;

    private Fixtures(Path dir) {
        this.dir = dir;
        this.repo = FakeRepo.at(dir.resolve("remote"));
        this.localRepo = dir.resolve("local");
    }

    /** A fresh folder with the calc artifact published. */
    static Fixtures create() {
        try {
            Fixtures f = new Fixtures(Files.createTempDirectory("pods-bench"));
            f.repo.artifact(CALC).source("bench.Calc", CALC_SOURCE).publish();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An env over the fabricated repository only, resolving into a local repository of its own. */
    PodEnv env(String... coordinates) {
        return PodEnv.empty().withDefaultRepositories(false).withRepository("bench", repo.uri())
                .withLocalRepository(localRepo).withDependencies(coordinates).withName("bench");
    }

    Path jar(String gav) {
        return repo.file(gav, "jar");
    }

    /**
     * A class folder with {@code n} generated classes {@code app.C0..} and {@code app.App}, whose
     * {@code start()} initializes every one of them and returns their sum, {@code stop()} does
     * nothing, and {@code main} calls start.
     */
    Path app(int n) {
        Map<String, String> sources = new LinkedHashMap<>();
        StringBuilder start = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sources.put("app.C" + i, "package app; public final class C" + i + " {"
                    + " static final int[] DATA = new int[] {" + i + ", " + (i * 7) + "};"
                    + " public static int v() { return DATA[0] + DATA[1] % 5; } }");
            start.append("    s += C").append(i).append(".v();\n");
        }
        sources.put("app.App", "package app; public final class App {\n"
                + "  public static int start() {\n    int s = 0;\n" + start + "    return s;\n  }\n"
                + "  public static void stop() { }\n"
                + "  public static void main(String[] args) { System.out.println(start()); }\n}\n");
        Path classes = dir.resolve("app-classes");
        try {
            for (Map.Entry<String, byte[]> e : Jars.compile(sources, List.of()).entrySet()) {
                Path f = classes.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.write(f, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return classes;
    }

    void delete() {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp folder
        }
    }

    /** Runs {@code java -cp cp main} to completion; fails when it does not exit 0. */
    static void runJava(List<Path> classpath, String main) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toArray(String[]::new)));
        cmd.add(main);
        run(cmd, null);
    }

    /** Runs a process to completion with its output discarded; fails when it does not exit 0. */
    static void run(List<String> cmd, Path workDir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("exit " + p.exitValue() + ": " + cmd);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
