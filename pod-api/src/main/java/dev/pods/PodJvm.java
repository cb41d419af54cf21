package dev.pods;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The JVM a {@linkplain Isolation#PROCESS process pod} runs in: the {@code java} executable, heap,
 * other JVM options, system properties, {@code --add-opens}/{@code --add-exports}, Java agents,
 * environment variables and working directory. Given with {@link PodEnv#withJvm(PodJvm)}.
 *
 * <pre>{@code
 * PodEnv env = PodEnv.empty().withClasspath(jar)
 *     .withIsolation(Isolation.PROCESS)
 *     .withJvm(PodJvm.defaults()
 *         .withMaxHeap("256m")
 *         .withAddOpens("java.base/java.lang=ALL-UNNAMED")
 *         .withSystemProperty("app.mode", "batch"));
 * }</pre>
 *
 * <p>Immutable: every {@code with*} method returns a new value (or this one when nothing
 * changed); equal settings are equal, so they key caches and pools with their env. The child's
 * class path and main class are the runtime's to set: options that would replace them are refused.
 * What is not given is the host's: the host's {@code java}, the host's environment and working
 * directory, the JVM's default heap.
 */
@API(status = EXPERIMENTAL, since = "1.0")
public final class PodJvm {
    private static final PodJvm DEFAULTS = new PodJvm(null, null, List.of(), Map.of(), List.of(), List.of(),
            List.of(), Map.of(), null);

    private final Path java;
    private final String maxHeap;
    private final List<String> options;
    private final Map<String, String> systemProperties;
    private final List<String> addOpens;
    private final List<String> addExports;
    private final List<String> javaAgents;
    private final Map<String, String> environment;
    private final Path workingDirectory;

    private PodJvm(Path java, String maxHeap, List<String> options, Map<String, String> systemProperties,
                   List<String> addOpens, List<String> addExports, List<String> javaAgents,
                   Map<String, String> environment, Path workingDirectory) {
        this.java = java;
        this.maxHeap = maxHeap;
        this.options = options;
        this.systemProperties = systemProperties;
        this.addOpens = addOpens;
        this.addExports = addExports;
        this.javaAgents = javaAgents;
        this.environment = environment;
        this.workingDirectory = workingDirectory;
    }

    /** The host's {@code java}, its environment and working directory, the JVM's default heap, no options. */
    public static PodJvm defaults() {
        return DEFAULTS;
    }

    private PodJvm copy(Path java, String maxHeap, List<String> options, Map<String, String> systemProperties,
                        List<String> addOpens, List<String> addExports, List<String> javaAgents,
                        Map<String, String> environment, Path workingDirectory) {
        PodJvm j = new PodJvm(java, maxHeap, options, systemProperties, addOpens, addExports, javaAgents,
                environment, workingDirectory);
        return j.equals(this) ? this : j;
    }

    /** The {@code java} launcher to run, e.g. {@code /opt/jdk-21/bin/java} (default: the host's own). */
    public PodJvm withJava(Path executable) {
        Path p = Objects.requireNonNull(executable, "java executable").toAbsolutePath().normalize();
        return copy(p, maxHeap, options, systemProperties, addOpens, addExports, javaAgents, environment,
                workingDirectory);
    }

    /**
     * The largest heap ({@code -Xmx}), in the JVM's notation: digits with an optional unit
     * {@code k}, {@code m}, {@code g} or {@code t}, e.g. {@code "64m"}.
     */
    public PodJvm withMaxHeap(String size) {
        Objects.requireNonNull(size, "max heap");
        if (!isSize(size)) {
            throw new IllegalArgumentException("max heap '" + size + "' is not a size such as 512m or 2g"
                    + " (digits, then k, m, g or t)");
        }
        if (options.stream().anyMatch(o -> o.startsWith("-Xmx"))) {
            throw new IllegalArgumentException("the heap is already given as an option (" + find(options, "-Xmx")
                    + "); give it once, with withMaxHeap or -Xmx among the options");
        }
        return copy(java, size, options, systemProperties, addOpens, addExports, javaAgents, environment,
                workingDirectory);
    }

    /**
     * Adds JVM options, placed after every other setting so that they can override the runtime's
     * own defaults, e.g. {@code -XX:+UseSerialGC}, {@code -Xss512k},
     * {@code -XX:-ExitOnOutOfMemoryError}. Class path and main-class options are refused: the
     * runtime sets them.
     */
    public PodJvm withOptions(String... more) {
        List<String> all = new ArrayList<>(options);
        for (String o : more) {
            Objects.requireNonNull(o, "option");
            if (o.isBlank() || !o.startsWith("-")) {
                throw new IllegalArgumentException("JVM option '" + o + "' does not start with '-';"
                        + " give one option per string, e.g. \"-Xss512k\"");
            }
            String flag = o.indexOf('=') > 0 && o.startsWith("--") ? o.substring(0, o.indexOf('=')) : o;
            if (List.of("-cp", "-classpath", "--class-path", "-jar", "-m", "--module", "--source").contains(flag)) {
                throw new IllegalArgumentException("JVM option '" + o + "' is the runtime's to set: a process pod's"
                        + " JVM runs the pod host on its own class path; put the pod's jars in the env"
                        + " (withDependencies, withClasspath)");
            }
            if (o.startsWith("-Xmx") && maxHeap != null) {
                throw new IllegalArgumentException("the heap is already given (withMaxHeap(\"" + maxHeap
                        + "\")); give it once, with withMaxHeap or -Xmx among the options");
            }
            all.add(o);
        }
        return copy(java, maxHeap, List.copyOf(all), systemProperties, addOpens, addExports, javaAgents,
                environment, workingDirectory);
    }

    /** Sets a system property of the pod's JVM ({@code -Dkey=value}); a key given again is replaced. */
    public PodJvm withSystemProperty(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.isEmpty() || key.indexOf('=') >= 0) {
            throw new IllegalArgumentException("system property key '" + key + "' must be non-empty and"
                    + " must not contain '='");
        }
        Map<String, String> m = new LinkedHashMap<>(systemProperties);
        m.put(key, value);
        return copy(java, maxHeap, options, Collections.unmodifiableMap(m), addOpens, addExports, javaAgents,
                environment, workingDirectory);
    }

    /**
     * Opens packages to reflection ({@code --add-opens}), each given as
     * {@code module/package=target-module[,target-module...]}, e.g.
     * {@code java.base/java.lang=ALL-UNNAMED} (pod code is in the unnamed module).
     */
    public PodJvm withAddOpens(String... specs) {
        return copy(java, maxHeap, options, systemProperties, addTo(addOpens, specs, "--add-opens"), addExports,
                javaAgents, environment, workingDirectory);
    }

    /** Exports packages ({@code --add-exports}), in the form of {@link #withAddOpens(String...)}. */
    public PodJvm withAddExports(String... specs) {
        return copy(java, maxHeap, options, systemProperties, addOpens, addTo(addExports, specs, "--add-exports"),
                javaAgents, environment, workingDirectory);
    }

    /** Adds a Java agent ({@code -javaagent:jar}). */
    public PodJvm withJavaAgent(Path jar) {
        return withJavaAgent(jar, null);
    }

    /** Adds a Java agent with its options ({@code -javaagent:jar=options}); null options: none. */
    public PodJvm withJavaAgent(Path jar, String agentOptions) {
        Path p = Objects.requireNonNull(jar, "agent jar").toAbsolutePath().normalize();
        List<String> all = new ArrayList<>(javaAgents);
        all.add(agentOptions == null ? p.toString() : p + "=" + agentOptions);
        return copy(java, maxHeap, options, systemProperties, addOpens, addExports, List.copyOf(all), environment,
                workingDirectory);
    }

    /** Sets an environment variable of the pod's process (the rest is the host's environment). */
    public PodJvm withEnvironment(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("environment variable '" + name + "' must have a non-empty name"
                    + " without '=' and no NUL characters");
        }
        Map<String, String> m = new LinkedHashMap<>(environment);
        m.put(name, value);
        return copy(java, maxHeap, options, systemProperties, addOpens, addExports, javaAgents,
                Collections.unmodifiableMap(m), workingDirectory);
    }

    /** The pod process's working directory (default: the host's). */
    public PodJvm withWorkingDirectory(Path dir) {
        Path d = Objects.requireNonNull(dir, "working directory").toAbsolutePath().normalize();
        return copy(java, maxHeap, options, systemProperties, addOpens, addExports, javaAgents, environment, d);
    }

    private static List<String> addTo(List<String> old, String[] specs, String flag) {
        List<String> all = new ArrayList<>(old);
        for (String s : specs) {
            Objects.requireNonNull(s, flag);
            int slash = s.indexOf('/');
            int eq = s.indexOf('=');
            if (slash <= 0 || eq < slash + 2 || eq == s.length() - 1 || s.indexOf(' ') >= 0) {
                throw new IllegalArgumentException(flag + " '" + s + "' is not of the form"
                        + " module/package=target-module, e.g. java.base/java.lang=ALL-UNNAMED");
            }
            if (!all.contains(s)) {
                all.add(s);
            }
        }
        return List.copyOf(all);
    }

    private static boolean isSize(String s) {
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (i != s.length() - 1 || "kKmMgGtT".indexOf(c) < 0) {
                return false;
            }
        }
        return digits > 0 && !s.startsWith("0");
    }

    private static String find(List<String> options, String prefix) {
        return options.stream().filter(o -> o.startsWith(prefix)).findFirst().orElse("");
    }

    // ---- accessors ---------------------------------------------------------------------

    /** The {@code java} launcher; empty means the host's own ({@code java.home}). */
    public Optional<Path> java() {
        return Optional.ofNullable(java);
    }

    public Optional<String> maxHeap() {
        return Optional.ofNullable(maxHeap);
    }

    public List<String> options() {
        return options;
    }

    /** System properties in the order given. */
    public Map<String, String> systemProperties() {
        return systemProperties;
    }

    public List<String> addOpens() {
        return addOpens;
    }

    public List<String> addExports() {
        return addExports;
    }

    /** Agents as {@code jar[=options]}, in the order given. */
    public List<String> javaAgents() {
        return javaAgents;
    }

    /** Environment variables set on top of the host's. */
    public Map<String, String> environment() {
        return environment;
    }

    public Optional<Path> workingDirectory() {
        return Optional.ofNullable(workingDirectory);
    }

    /**
     * These settings as {@code java} arguments, in the order they are given to the JVM: heap,
     * {@code --add-opens}, {@code --add-exports}, agents, system properties, then the options
     * (last, so that they win).
     */
    public List<String> jvmArguments() {
        List<String> args = new ArrayList<>();
        if (maxHeap != null) {
            args.add("-Xmx" + maxHeap);
        }
        for (String s : addOpens) {
            args.add("--add-opens=" + s);
        }
        for (String s : addExports) {
            args.add("--add-exports=" + s);
        }
        for (String a : javaAgents) {
            args.add("-javaagent:" + a);
        }
        systemProperties.forEach((k, v) -> args.add("-D" + k + "=" + v));
        args.addAll(options);
        return List.copyOf(args);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PodJvm)) {
            return false;
        }
        PodJvm j = (PodJvm) o;
        return Objects.equals(java, j.java) && Objects.equals(maxHeap, j.maxHeap) && options.equals(j.options)
                && systemProperties.equals(j.systemProperties) && addOpens.equals(j.addOpens)
                && addExports.equals(j.addExports) && javaAgents.equals(j.javaAgents)
                && environment.equals(j.environment) && Objects.equals(workingDirectory, j.workingDirectory);
    }

    @Override
    public int hashCode() {
        return Objects.hash(java, maxHeap, options, systemProperties, addOpens, addExports, javaAgents, environment,
                workingDirectory);
    }

    @Override
    public String toString() {
        return "PodJvm[" + (java == null ? "" : java + " ") + String.join(" ", jvmArguments())
                + (environment.isEmpty() ? "" : ", environment=" + environment.keySet())
                + (workingDirectory == null ? "" : ", dir=" + workingDirectory) + "]";
    }
}
