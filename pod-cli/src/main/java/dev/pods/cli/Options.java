package dev.pods.cli;

import dev.pods.Isolation;
import dev.pods.PodDependency;
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

        @Option(names = "--managed", paramLabel = "COORD",
                description = "Manage a version, as Maven's dependencyManagement: group:artifact[:extension[:classifier]]:version"
                        + " pins it among the transitive dependencies and gives a -d group:artifact its version (repeatable).")
        List<String> managed = new ArrayList<>();

        @Option(names = "--bom", paramLabel = "COORD",
                description = "Import a BOM, group:artifact:version of a pom whose dependencyManagement manages versions;"
                        + " earlier BOMs win (repeatable).")
        List<String> boms = new ArrayList<>();

        @Option(names = "--exclude", paramLabel = "[DEP=]GROUP:ARTIFACT",
                description = "Leave a transitive dependency out, as Maven's exclusions (* allowed: *:* drops all of them):"
                        + " from every -d, or only from the -d whose group:artifact is DEP (repeatable).")
        List<String> exclusions = new ArrayList<>();

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
            if (!managed.isEmpty()) {
                env = env.withManagedVersions(managed.toArray(String[]::new));
            }
            if (!boms.isEmpty()) {
                env = env.withBoms(boms.toArray(String[]::new));
            }
            if (!dependencies.isEmpty()) {
                env = env.withDependencies(withExclusions());
            } else if (!exclusions.isEmpty()) {
                throw new UserException("--exclude " + exclusions.get(0) + " applies to the -d dependencies; there are none");
            }
            for (Path p : classpath) {
                if (!Files.exists(p)) {
                    throw new UserException("classpath entry " + p + " does not exist; give existing directories or jars to -cp");
                }
                env = env.withClasspath(p);
            }
            return env;
        }

        /** The -d dependencies, each with the --exclude exclusions that apply to it. */
        private PodDependency[] withExclusions() {
            List<String[]> parsed = new ArrayList<>();
            for (String x : exclusions) {
                int eq = x.indexOf('=');
                String dep = eq < 0 ? null : x.substring(0, eq);
                String excluded = x.substring(eq + 1);
                if (!isGroupArtifact(excluded) || dep != null && !isGroupArtifact(dep)) {
                    throw new UserException("--exclude " + x + " is not [DEP=]GROUP:ARTIFACT; write e.g. --exclude"
                            + " commons-logging:commons-logging, or --exclude com.acme:app=commons-logging:*");
                }
                if (dep != null && dependencies.stream().noneMatch(d -> groupArtifact(d).equals(dep))) {
                    throw new UserException("--exclude " + x + ": no -d dependency is " + dep + " (the -d ones: "
                            + String.join(", ", dependencies) + ")");
                }
                parsed.add(new String[] {dep, excluded});
            }
            PodDependency[] out = new PodDependency[dependencies.size()];
            for (int i = 0; i < out.length; i++) {
                String d = dependencies.get(i);
                List<String> ex = new ArrayList<>();
                for (String[] p : parsed) {
                    if ((p[0] == null || p[0].equals(groupArtifact(d))) && !ex.contains(p[1])) {
                        ex.add(p[1]);
                    }
                }
                out[i] = new PodDependency(d, ex);
            }
            return out;
        }

        private static boolean isGroupArtifact(String s) {
            String[] p = s.split(":", -1);
            return p.length == 2 && !p[0].isBlank() && !p[1].isBlank();
        }

        private static String groupArtifact(String coordinate) {
            String[] p = coordinate.split(":", -1);
            return p.length < 2 ? coordinate : p[0] + ":" + p[1];
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
