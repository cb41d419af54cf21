package dev.pods.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pods:java} against {@code exec:java} of the same small program ({@code dev.pods.it.Hello},
 * printing one line), measured as users feel it: the wall time of whole Maven invocations, in the
 * same run, rounds interleaved. Also a two-module reactor running the program in each module, where
 * Maven's reactor summary gives each module's own time: the second module's is the warm case
 * (a clean pod made in advance, or with {@code reuse} the same warm pod).
 *
 * <p>Uses the workspace the plugin's integration tests leave (a local repository holding the
 * plugin and the sample programs, settings mirroring the build's local repository), so run those
 * first. One online run per project fetches exec-maven-plugin from that mirror (so it must be in the
 * build's local repository: {@code mvn dependency:get -Dartifact=org.codehaus.mojo:exec-maven-plugin:3.5.0});
 * every measured run is offline.
 *
 * <pre>{@code
 * mvn -B -pl pods-maven-plugin -am verify                      # builds the plugin, prepares target/it
 * java -cp pod-bench/target/benchmarks.jar dev.pods.bench.MavenGoalBench pods-maven-plugin/target/it 7
 * }</pre>
 */
public final class MavenGoalBench {
    private static final Pattern MODULE = Pattern.compile("\\[INFO\\] (m[12]) \\.+ SUCCESS \\[\\s*([0-9.]+) s\\]");
    private static final Pattern TOTAL = Pattern.compile("\\[INFO\\] Total time:\\s+([0-9.]+) s");

    private MavenGoalBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: MavenGoalBench <integration-test workspace, e.g. pods-maven-plugin/target/it> [rounds]");
            System.exit(2);
        }
        Path ws = Path.of(args[0]).toAbsolutePath().normalize();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path repo = ws.resolve("repo");
        Path settings = ws.resolve("settings.xml");
        String version = pluginVersion(repo);
        Path dir = ws.resolve("bench");
        Map<String, Path> projects = new LinkedHashMap<>();
        projects.put("pods:java, 1 module", write(dir.resolve("pods1"), version, 1, Runner.PODS));
        projects.put("exec:java, 1 module", write(dir.resolve("exec1"), version, 1, Runner.EXEC));
        projects.put("pods:java, 2 modules", write(dir.resolve("pods2"), version, 2, Runner.PODS));
        projects.put("pods:java reuse, 2 modules", write(dir.resolve("reuse2"), version, 2, Runner.PODS_REUSE));
        projects.put("exec:java, 2 modules", write(dir.resolve("exec2"), version, 2, Runner.EXEC));
        for (Path p : projects.values()) {
            run(p, repo, settings, false); // fetches exec-maven-plugin once, from the file mirror
        }
        Map<String, List<double[]>> samples = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, Path> e : projects.entrySet()) {
                samples.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(run(e.getValue(), repo, settings, true));
            }
        }
        System.out.println("| build (" + rounds + " rounds, medians) | wall ms | Maven total s | module 1 s | module 2 s |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (Map.Entry<String, List<double[]>> e : samples.entrySet()) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.3f | %s | %s |%n", e.getKey(), median(e.getValue(), 0),
                    median(e.getValue(), 1), cell(e.getValue(), 2), cell(e.getValue(), 3));
        }
    }

    private enum Runner { PODS, PODS_REUSE, EXEC }

    private static String cell(List<double[]> s, int i) {
        double m = median(s, i);
        return Double.isNaN(m) ? "-" : String.format(Locale.ROOT, "%.3f", m);
    }

    private static double median(List<double[]> s, int i) {
        double[] v = s.stream().mapToDouble(a -> a[i]).filter(x -> !Double.isNaN(x)).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    /** One Maven invocation: {wall ms, Maven's total s, module 1 s, module 2 s}. */
    private static double[] run(Path project, Path repo, Path settings, boolean offline) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-s", settings.toString(), "-Dmaven.repo.local=" + repo));
        cmd.add(offline ? "-o" : "-U");
        cmd.add("validate");
        Path log = project.resolve("last.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("MAVEN_OPTS");
        pb.environment().remove("MAVEN_ARGS");
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("mvn did not end within 300 s in " + project);
        }
        double wall = (System.nanoTime() - start) / 1e6;
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || !out.contains("hello #")) {
            throw new IllegalStateException("mvn failed in " + project + ": see " + log);
        }
        double[] r = {wall, Double.NaN, Double.NaN, Double.NaN};
        Matcher t = TOTAL.matcher(out);
        if (t.find()) {
            r[1] = Double.parseDouble(t.group(1));
        }
        Matcher m = MODULE.matcher(out);
        while (m.find()) {
            r[m.group(1).equals("m1") ? 2 : 3] = Double.parseDouble(m.group(2));
        }
        return r;
    }

    private static String pluginVersion(Path repo) throws IOException {
        Path dir = repo.resolve("dev/pods/pods-maven-plugin");
        try (var s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no plugin in " + dir + ": run the integration tests first"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException(repo + " has no pods-maven-plugin: run mvn -pl pods-maven-plugin -am verify first");
        }
    }

    private static Path write(Path dir, String version, int modules, Runner goal) throws IOException {
        Files.createDirectories(dir);
        String plugin = goal == Runner.EXEC
                ? "        <groupId>org.codehaus.mojo</groupId>\n        <artifactId>exec-maven-plugin</artifactId>\n"
                + "        <version>3.5.0</version>\n"
                : "        <groupId>dev.pods</groupId>\n        <artifactId>pods-maven-plugin</artifactId>\n"
                + "        <version>" + version + "</version>\n";
        String config = "              <mainClass>dev.pods.it.Hello</mainClass>\n"
                + (goal == Runner.PODS_REUSE ? "              <reuse>true</reuse>\n" : "");
        String build = "  <dependencies>\n    <dependency>\n      <groupId>dev.pods.it</groupId>\n"
                + "      <artifactId>programs</artifactId>\n      <version>1.0</version>\n    </dependency>\n"
                + "  </dependencies>\n  <build>\n    <plugins>\n      <plugin>\n" + plugin
                + "        <executions>\n          <execution>\n            <phase>validate</phase>\n"
                + "            <goals>\n              <goal>java</goal>\n            </goals>\n"
                + "            <configuration>\n" + config + "            </configuration>\n"
                + "          </execution>\n        </executions>\n      </plugin>\n    </plugins>\n  </build>\n";
        String head = "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n  <modelVersion>4.0.0</modelVersion>\n";
        if (modules == 1) {
            Files.writeString(dir.resolve("pom.xml"), head + "  <groupId>bench</groupId>\n  <artifactId>m1</artifactId>\n"
                    + "  <version>1.0</version>\n  <packaging>pom</packaging>\n" + build + "</project>\n");
            return dir;
        }
        StringBuilder mods = new StringBuilder();
        for (int i = 1; i <= modules; i++) {
            mods.append("    <module>m").append(i).append("</module>\n");
            Path m = Files.createDirectories(dir.resolve("m" + i));
            Files.writeString(m.resolve("pom.xml"), head + "  <groupId>bench</groupId>\n  <artifactId>m" + i
                    + "</artifactId>\n  <version>1.0</version>\n  <packaging>pom</packaging>\n" + build + "</project>\n");
        }
        Files.writeString(dir.resolve("pom.xml"), head + "  <groupId>bench</groupId>\n  <artifactId>root</artifactId>\n"
                + "  <version>1.0</version>\n  <packaging>pom</packaging>\n  <modules>\n" + mods + "  </modules>\n</project>\n");
        return dir;
    }
}
