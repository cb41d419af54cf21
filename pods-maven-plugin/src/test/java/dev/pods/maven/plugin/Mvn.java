package dev.pods.maven.plugin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real Maven ({@code mvn} from the PATH, or a distribution's {@code bin/mvn}) on a sample
 * project, with the workspace's settings and local repository, its output to a log file.
 */
final class Mvn {
    /** A run that takes longer than this is a hang (a program left running, a deadlock): killed, failed. */
    private static final long BOUND_SECONDS = 300;

    private final List<String> launcher;
    private final String label;

    private Mvn(List<String> launcher, String label) {
        this.launcher = launcher;
        this.label = label;
    }

    /** The Maven on the PATH. */
    static Mvn onPath() {
        return new Mvn(List.of("mvn"), "mvn");
    }

    /** The distribution unpacked at {@code home}. */
    static Mvn at(Path home) {
        Path script = home.resolve("bin").resolve("mvn");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("no Maven distribution at " + home + ": the build unpacks it in"
                    + " pre-integration-test (mvn -pl pods-maven-plugin -am verify)");
        }
        // Through sh: unpacking may not keep the script's executable bit.
        return new Mvn(List.of("sh", script.toString()), home.getFileName().toString());
    }

    /** The outcome of one run: exit code, everything printed, wall time. */
    record Run(int exitCode, String output, long millis, Path log) {
        boolean succeeded() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + " after " + millis + " ms (log " + log + ")";
        }
    }

    Run run(ItWorkspace ws, Path project, String logName, String mavenOpts, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add("-B");
        cmd.add("-s");
        cmd.add(ws.settings.toString());
        cmd.add("-Dmaven.repo.local=" + ws.repo);
        cmd.addAll(List.of(args));
        Path log = ws.logs.resolve(label + "-" + logName + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        // The outer build's Maven settings must not leak into the runs under test.
        env.remove("MAVEN_ARGS");
        env.remove("MAVEN_CONFIG");
        env.remove("MAVEN_DEBUG_OPTS");
        if (mavenOpts == null) {
            env.remove("MAVEN_OPTS");
        } else {
            env.put("MAVEN_OPTS", mavenOpts);
        }
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", cmd) + " in " + project + " did not end within "
                    + BOUND_SECONDS + " s; its output is in " + log);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8), millis, log);
    }
}
