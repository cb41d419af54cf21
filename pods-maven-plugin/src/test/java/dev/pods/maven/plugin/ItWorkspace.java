package dev.pods.maven.plugin;

import dev.pods.testing.FakeRepo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the integration tests' Maven runs see: a local repository this class fills, a settings
 * file, and the sample projects. Hermetic: nothing is fetched from the network.
 *
 * <ul>
 *   <li>This build's artifacts (the parent pom, pod-api, pod-runtime, pod-pool, pod-maven, the
 *       plugin) are copied in as {@code mvn install} would leave them, from the reactor's
 *       {@code target} folders.</li>
 *   <li>Fabricated artifacts (the sample programs, a tool at two versions, the README's example
 *       mojo as a plugin, a small conflicting graph) are published into it directly.</li>
 *   <li>Everything else (Guava 16, Kryo, the parent poms and BOMs they name) comes from the outer
 *       build's own local repository, which the settings name as the mirror of every remote
 *       repository ({@code file:}, no network). One online run fills the tests' repository
 *       ({@link #prime}); every run after is offline ({@code -o}).</li>
 * </ul>
 */
final class ItWorkspace {
    static final String MIRROR_ID = "outer";

    final Path work;
    final Path repo;
    final Path settings;
    final Path samples;
    final Path logs;
    final String version;
    final Path outerRepo;

    private ItWorkspace(Path work, String version, Path outerRepo) {
        this.work = work;
        this.repo = work.resolve("repo");
        this.settings = work.resolve("settings.xml");
        this.samples = work.resolve("samples");
        this.logs = work.resolve("logs");
        this.version = version;
        this.outerRepo = outerRepo;
    }

    static String property(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the integration tests"
                    + " through Maven (failsafe sets it), e.g. mvn -pl pods-maven-plugin -am verify");
        }
        return v;
    }

    static ItWorkspace create() throws IOException {
        ItWorkspace w = new ItWorkspace(Path.of(property("pods.it.work")), property("pods.it.version"),
                Path.of(property("pods.it.outerRepository")));
        deleteTree(w.work);
        Files.createDirectories(w.logs);
        w.installThisBuild(Path.of(property("pods.it.root")).toAbsolutePath().normalize(),
                Path.of(property("pods.it.pluginJar")));
        w.fabricate();
        w.writeSettings();
        w.copySamples();
        return w;
    }

    private void installThisBuild(Path root, Path pluginJar) throws IOException {
        install("dev.pods", "pods-parent", root.resolve("pom.xml"), null);
        for (String m : List.of("pod-api", "pod-runtime", "pod-pool", "pod-maven")) {
            Path jar = root.resolve(m).resolve("target").resolve(m + "-" + version + ".jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build the reactor up to the plugin first"
                        + " (mvn -pl pods-maven-plugin -am verify)");
            }
            install("dev.pods", m, root.resolve(m).resolve("pom.xml"), jar);
        }
        install("dev.pods", "pods-maven-plugin", root.resolve("pods-maven-plugin").resolve("pom.xml"), pluginJar);
    }

    /** As {@code mvn install} leaves a locally built artifact: no remote-repository tracking. */
    private void install(String group, String artifact, Path pom, Path jar) throws IOException {
        Path dir = repo.resolve(group.replace('.', '/')).resolve(artifact).resolve(version);
        Files.createDirectories(dir);
        Files.copy(pom, dir.resolve(artifact + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifact + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void fabricate() throws IOException {
        FakeRepo local = FakeRepo.at(repo);
        Path guava = outer("com.google.guava", "guava", "16.0.1");
        String resolverVersion = property("pods.it.resolverVersion");
        Path resolverApi = outer("org.apache.maven.resolver", "maven-resolver-api", resolverVersion);
        FakeRepo.ArtifactBuilder programs = local.artifact("dev.pods.it:programs:1.0")
                .dependency("com.google.guava:guava:16.0.1")
                .dependency("org.apache.maven.resolver:maven-resolver-api:" + resolverVersion)
                .compileAgainst(guava, resolverApi);
        for (Map.Entry<String, String> s : programSources().entrySet()) {
            programs.source(s.getKey(), s.getValue());
        }
        programs.publish();
        String tool = resource("it/Tool.java.txt");
        for (String v : List.of("1.0", "2.0")) {
            local.artifact("dev.pods.it:tool:" + v).source("dev.pods.it.Tool", tool.replace("@V@", v)).publish();
        }
        // A version conflict for pods:deps: lib-a wants util 1.0, lib-b wants util 2.0.
        local.artifact("dev.pods.it:util:1.0").publish();
        local.artifact("dev.pods.it:util:2.0").publish();
        local.artifact("dev.pods.it:lib-a:1.0").dependency("dev.pods.it:util:1.0").publish();
        local.artifact("dev.pods.it:lib-b:1.0").dependency("dev.pods.it:util:2.0").publish();
        local.artifact("dev.pods.it:example-maven-plugin:1.0")
                .packaging("maven-plugin")
                .dependency("dev.pods:pod-maven:" + version)
                .entries(exampleClasses())
                .resource("META-INF/maven/plugin.xml", resource("it/example-plugin.xml"))
                .publish();
    }

    private Path outer(String group, String artifact, String v) {
        Path jar = outerRepo.resolve(group.replace('.', '/')).resolve(artifact).resolve(v)
                .resolve(artifact + "-" + v + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing from the build's local repository");
        }
        return jar;
    }

    private static Map<String, String> programSources() throws IOException {
        Path dir = classpathDir("it/programs/dev/pods/it");
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                out.put("dev.pods.it." + name.substring(0, name.length() - ".java".length()), Files.readString(p));
            }
        }
        return out;
    }

    /** The example mojo's compiled classes (this module's test classes). */
    private static Map<String, byte[]> exampleClasses() throws IOException {
        Path dir = classpathDir("dev/pods/maven/example");
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                out.put("dev/pods/maven/example/" + p.getFileName(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private void writeSettings() throws IOException {
        Files.writeString(settings, "<settings>\n"
                + "  <mirrors>\n"
                + "    <mirror>\n"
                + "      <id>" + MIRROR_ID + "</id>\n"
                + "      <mirrorOf>*</mirrorOf>\n"
                + "      <url>" + outerRepo.toUri() + "</url>\n"
                + "    </mirror>\n"
                + "  </mirrors>\n"
                + "</settings>\n", StandardCharsets.UTF_8);
    }

    private void copySamples() throws IOException {
        for (String sample : List.of("reactor", "failures", "exits")) {
            Path from = classpathDir("it/" + sample);
            Path to = samples.resolve(sample);
            try (Stream<Path> s = Files.walk(from)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Path t = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.writeString(t, Files.readString(p).replace("@pods.version@", version));
                    }
                }
            }
        }
    }

    Path sample(String name) {
        return samples.resolve(name);
    }

    private static String resource(String name) throws IOException {
        return Files.readString(classpathDir(name));
    }

    private static Path classpathDir(String name) {
        try {
            var url = ItWorkspace.class.getClassLoader().getResource(name);
            if (url == null) {
                throw new IllegalStateException("test resource " + name + " is missing");
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
