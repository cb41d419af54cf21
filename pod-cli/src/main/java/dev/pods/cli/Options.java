package dev.pods.cli;

import dev.pods.Isolation;
import dev.pods.PodEnv;
import dev.pods.PodJvm;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by the commands: output volume, and what a pod is made from. */
final class Options {
    private Options() {
    }

    /** {@code --quiet} and {@code --verbose}, on every command. */
    static final class Output {
        @Option(names = {"-q", "--quiet"}, description = "Print only results and errors: no progress, no timings.")
        boolean quiet;

        @Option(names = {"-v", "--verbose"}, description = "Print details: resolution, timings, stack traces of errors.")
        boolean verbose;
    }

    /** Whether the pod gets a JVM of its own, and that JVM's options ({@code eval} and {@code call}). */
    static final class Process {
        @Option(names = "--process", description = "Run the pod in a JVM of its own (survives System.exit, own heap"
                + " and flags; costs a JVM start).")
        boolean process;

        @Option(names = "--jvm-opt", paramLabel = "OPT",
                description = "An option for the pod's JVM, e.g. --jvm-opt=-Xmx64m (repeatable; needs --process).")
        List<String> jvmOptions = new ArrayList<>();

        /** {@code env} in its own JVM with these options, when asked for. */
        PodEnv apply(PodEnv env) {
            if (!process) {
                if (!jvmOptions.isEmpty()) {
                    throw new UserException("--jvm-opt " + jvmOptions.get(0) + " applies to a pod in a JVM of its own;"
                            + " add --process");
                }
                return env;
            }
            try {
                return env.withIsolation(Isolation.PROCESS)
                        .withJvm(PodJvm.defaults().withOptions(jvmOptions.toArray(String[]::new)));
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage(), e);
            }
        }
    }

    /** The pod's dependencies and where to resolve them. */
    static final class Env {
        @Option(names = {"-d", "--dependency"}, paramLabel = "COORD",
                description = "A dependency, group:artifact[:extension[:classifier]]:version (repeatable).")
        List<String> dependencies = new ArrayList<>();

        @Option(names = "--repo", paramLabel = "URL",
                description = "An extra remote or file: repository, searched after Maven's default one (repeatable).")
        List<String> repositories = new ArrayList<>();

        @Option(names = "--no-default-repo",
                description = "Do not search Maven's default remote repository (central); only --repo ones.")
        boolean noDefaultRepository;

        @Option(names = "--offline", description = "Resolve from the local repository only.")
        boolean offline;

        @Option(names = "--local-repo", paramLabel = "DIR",
                description = "The local repository (default: settings.xml's, or ~/.m2/repository).")
        Path localRepository;

        @Option(names = {"-s", "--settings"}, paramLabel = "FILE",
                description = "A settings.xml to read instead of the user's (as Maven's -s).")
        Path settings;

        @Option(names = {"-cp", "--classpath"}, paramLabel = "PATH", split = "[:;]",
                description = "Extra class directories or jars, after the resolved dependencies.")
        List<Path> classpath = new ArrayList<>();

        /** The env these options describe, resolving as the host's Maven would. */
        PodEnv toEnv(String name) {
            try {
                return buildEnv(name);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage(), e);
            }
        }

        private PodEnv buildEnv(String name) {
            PodEnv env = PodEnv.current().withName(name);
            if (settings != null) {
                if (!Files.isRegularFile(settings)) {
                    throw new UserException("settings file " + settings + " does not exist; give an existing settings.xml to -s");
                }
                env = env.withSettings(settings);
            }
            if (noDefaultRepository) {
                env = env.withDefaultRepositories(false);
            }
            int i = 1;
            for (String r : repositories) {
                env = env.withRepository("repo" + i++, repositoryUri(r));
            }
            if (offline) {
                env = env.withOffline(true);
            }
            if (localRepository != null) {
                env = env.withLocalRepository(localRepository);
            }
            if (!dependencies.isEmpty()) {
                env = env.withDependencies(dependencies.toArray(String[]::new));
            }
            for (Path p : classpath) {
                if (!Files.exists(p)) {
                    throw new UserException("classpath entry " + p + " does not exist; give existing directories or jars to -cp");
                }
                env = env.withClasspath(p);
            }
            return env;
        }

        void requireDependencies(String command) {
            if (dependencies.isEmpty() && classpath.isEmpty()) {
                throw new UserException("pods " + command + " needs at least one -d group:artifact:version (or -cp PATH)");
            }
        }

        private static URI repositoryUri(String r) {
            try {
                URI uri = new URI(r);
                if (uri.getScheme() == null) {
                    Path p = Path.of(r);
                    if (!Files.isDirectory(p)) {
                        throw new UserException("--repo " + r + " is neither a URL nor an existing directory");
                    }
                    return p.toAbsolutePath().toUri();
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new UserException("--repo " + r + " is not a URL: " + e.getReason()
                        + "; give e.g. https://repo.example.org/maven2 or file:/path/to/repo");
            }
        }
    }
}
