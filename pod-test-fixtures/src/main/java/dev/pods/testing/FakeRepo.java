package dev.pods.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A Maven repository of fabricated artifacts in a folder, for hermetic tests: poms with
 * dependencies (scopes, optional, exclusions), BOMs ({@code <dependencyManagement>} with managed
 * versions and imports of other BOMs), jars compiled from source, {@code .sha1} and
 * {@code .md5} checksums, and {@code maven-metadata.xml} listing versions so that ranges resolve.
 *
 * <pre>{@code
 * FakeRepo repo = FakeRepo.at(tmp.resolve("remote"));
 * repo.artifact("com.acme:lib:1.0")
 *     .dependency("com.acme:util:2.0")
 *     .source("com.acme.Lib", "package com.acme; public class Lib { public static int v() { return 1; } }")
 *     .publish();
 * repo.artifact("com.acme:util:2.0").publish();
 * PodEnv env = PodEnv.empty().withDefaultRepositories(false).withRepository("fake", repo.uri());
 * }</pre>
 *
 * Not thread-safe: build the repository before tests resolve from it.
 */
public final class FakeRepo {
    private final Path root;

    private FakeRepo(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** A repository rooted at {@code dir} (created when missing). */
    public static FakeRepo at(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FakeRepo(dir);
    }

    public Path root() {
        return root;
    }

    /** The repository's {@code file:} URI. */
    public URI uri() {
        return root.toUri();
    }

    /** Starts an artifact {@code group:artifact:version} (packaging jar unless changed). */
    public ArtifactBuilder artifact(String gav) {
        String[] p = gav.split(":");
        if (p.length != 3) {
            throw new IllegalArgumentException("expected group:artifact:version, got " + gav);
        }
        return new ArtifactBuilder(p[0], p[1], p[2]);
    }

    /** The folder of {@code group:artifact:version}. */
    public Path dir(String group, String artifact, String version) {
        return root.resolve(group.replace('.', '/')).resolve(artifact).resolve(version);
    }

    /** The path of a published file, {@code ext} being {@code jar} or {@code pom}. */
    public Path file(String gav, String ext) {
        String[] p = gav.split(":");
        return dir(p[0], p[1], p[2]).resolve(p[1] + "-" + p[2] + "." + ext);
    }

    /** Overwrites a published jar's bytes without updating its checksums, as a corrupted download would. */
    public void corrupt(String gav) {
        try {
            Path jar = file(gav, "jar");
            byte[] bytes = Files.readAllBytes(jar);
            byte[] bad = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, bad, 0, bytes.length);
            bad[bytes.length] = 42;
            Files.write(jar, bad);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes everything published for {@code group:artifact:version}. */
    public void delete(String gav) {
        String[] p = gav.split(":");
        Path d = dir(p[0], p[1], p[2]);
        try (Stream<Path> s = Files.walk(d)) {
            s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One dependency in a pom. */
    public record Dep(String gav, String scope, boolean optional, List<String> exclusions, String type) {
        public Dep {
            exclusions = List.copyOf(exclusions);
        }
    }

    /** Builds one artifact; {@link #publish()} writes it. */
    public final class ArtifactBuilder {
        private final String group;
        private final String artifact;
        private final String version;
        private String packaging = "jar";
        private final List<Dep> deps = new ArrayList<>();
        private final List<Dep> managed = new ArrayList<>();
        private final Map<String, String> sources = new LinkedHashMap<>();
        private final Map<String, byte[]> classes = new TreeMap<>();
        private final Map<String, String> resources = new TreeMap<>();
        private final Map<String, String> manifest = new TreeMap<>();
        private final List<Path> compileClasspath = new ArrayList<>();

        private ArtifactBuilder(String group, String artifact, String version) {
            this.group = group;
            this.artifact = artifact;
            this.version = version;
        }

        /** {@code jar} (default) or {@code pom} (no jar is written). */
        public ArtifactBuilder packaging(String p) {
            packaging = p;
            return this;
        }

        /** A compile-scope dependency; the version may be a range such as {@code [1.0,2.0)}. */
        public ArtifactBuilder dependency(String gav) {
            return dependency(new Dep(gav, "compile", false, List.of(), "jar"));
        }

        /** A dependency in a scope ({@code compile, runtime, provided, test, system}). */
        public ArtifactBuilder dependency(String gav, String scope) {
            return dependency(new Dep(gav, scope, false, List.of(), "jar"));
        }

        /** An optional compile-scope dependency. */
        public ArtifactBuilder optionalDependency(String gav) {
            return dependency(new Dep(gav, "compile", true, List.of(), "jar"));
        }

        /** A compile-scope dependency with exclusions ({@code group:artifact}, {@code *} allowed). */
        public ArtifactBuilder dependencyExcluding(String gav, String... exclusions) {
            return dependency(new Dep(gav, "compile", false, List.of(exclusions), "jar"));
        }

        public ArtifactBuilder dependency(Dep dep) {
            deps.add(dep);
            return this;
        }

        /**
         * A {@code <dependencyManagement>} entry pinning {@code group:artifact:version}. With
         * {@code packaging("pom")} this makes a BOM:
         *
         * <pre>{@code
         * repo.artifact("com.acme:acme-bom:3").packaging("pom").managed("com.acme:lib:2.0").publish();
         * }</pre>
         */
        public ArtifactBuilder managed(String gav) {
            managed.add(new Dep(gav, "", false, List.of(), "jar"));
            return this;
        }

        /** A {@code <dependencyManagement>} entry importing another BOM ({@code <type>pom</type><scope>import</scope>}). */
        public ArtifactBuilder importing(String bomGav) {
            managed.add(new Dep(bomGav, "import", false, List.of(), "pom"));
            return this;
        }

        /** Java source of one class (binary name to text), compiled into the jar. */
        public ArtifactBuilder source(String className, String text) {
            sources.put(className, text);
            return this;
        }

        /** Jars on the compiler's classpath for this artifact's sources (e.g. a dependency's jar). */
        public ArtifactBuilder compileAgainst(Path... jars) {
            compileClasspath.addAll(List.of(jars));
            return this;
        }

        /** Raw entries (already compiled classes, by entry name). */
        public ArtifactBuilder entries(Map<String, byte[]> entries) {
            classes.putAll(entries);
            return this;
        }

        /** A text resource in the jar. */
        public ArtifactBuilder resource(String name, String text) {
            resources.put(name, text);
            return this;
        }

        /** A main manifest attribute, e.g. {@code Multi-Release: true}. */
        public ArtifactBuilder manifest(String name, String value) {
            manifest.put(name, value);
            return this;
        }

        /** Writes the pom, the jar (unless packaging is pom), their checksums and the version metadata. */
        public FakeRepo publish() {
            Path d = dir(group, artifact, version);
            try {
                Files.createDirectories(d);
                Path pom = d.resolve(artifact + "-" + version + ".pom");
                Files.writeString(pom, pom(), StandardCharsets.UTF_8);
                checksums(pom);
                if (!packaging.equals("pom")) {
                    Map<String, byte[]> entries = new TreeMap<>(classes);
                    if (!sources.isEmpty()) {
                        entries.putAll(Jars.compile(sources, compileClasspath));
                    }
                    Path jar = d.resolve(artifact + "-" + version + ".jar");
                    Jars.writeJar(jar, entries, resources, manifest);
                    checksums(jar);
                }
                metadata();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return FakeRepo.this;
        }

        private String pom() {
            StringBuilder sb = new StringBuilder();
            sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                    .append("<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n")
                    .append("  <modelVersion>4.0.0</modelVersion>\n")
                    .append("  <groupId>").append(group).append("</groupId>\n")
                    .append("  <artifactId>").append(artifact).append("</artifactId>\n")
                    .append("  <version>").append(version).append("</version>\n")
                    .append("  <packaging>").append(packaging).append("</packaging>\n");
            if (!managed.isEmpty()) {
                sb.append("  <dependencyManagement>\n    <dependencies>\n");
                for (Dep dep : managed) {
                    dependencyXml(sb, dep, "      ");
                }
                sb.append("    </dependencies>\n  </dependencyManagement>\n");
            }
            if (!deps.isEmpty()) {
                sb.append("  <dependencies>\n");
                for (Dep dep : deps) {
                    dependencyXml(sb, dep, "    ");
                }
                sb.append("  </dependencies>\n");
            }
            return sb.append("</project>\n").toString();
        }

        /** One {@code <dependency>}; a {@code group:artifact} without version leaves it to management. */
        private void dependencyXml(StringBuilder sb, Dep dep, String indent) {
            String[] p = dep.gav().split(":");
            sb.append(indent).append("<dependency>\n")
                    .append(indent).append("  <groupId>").append(p[0]).append("</groupId>\n")
                    .append(indent).append("  <artifactId>").append(p[1]).append("</artifactId>\n");
            if (p.length > 2) {
                sb.append(indent).append("  <version>").append(p[2]).append("</version>\n");
            }
            sb.append(indent).append("  <type>").append(dep.type()).append("</type>\n");
            if (!dep.scope().isEmpty()) {
                sb.append(indent).append("  <scope>").append(dep.scope()).append("</scope>\n");
            }
            if (dep.optional()) {
                sb.append(indent).append("  <optional>true</optional>\n");
            }
            if (!dep.exclusions().isEmpty()) {
                sb.append(indent).append("  <exclusions>\n");
                for (String ex : dep.exclusions()) {
                    String[] e = ex.split(":");
                    sb.append(indent).append("    <exclusion><groupId>").append(e[0]).append("</groupId><artifactId>")
                            .append(e[1]).append("</artifactId></exclusion>\n");
                }
                sb.append(indent).append("  </exclusions>\n");
            }
            sb.append(indent).append("</dependency>\n");
        }

        private void metadata() throws IOException {
            Path adir = root.resolve(group.replace('.', '/')).resolve(artifact);
            TreeSet<String> versions = new TreeSet<>();
            try (Stream<Path> s = Files.list(adir)) {
                s.filter(Files::isDirectory).forEach(p -> versions.add(p.getFileName().toString()));
            }
            StringBuilder sb = new StringBuilder();
            sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n")
                    .append("  <groupId>").append(group).append("</groupId>\n")
                    .append("  <artifactId>").append(artifact).append("</artifactId>\n")
                    .append("  <versioning>\n    <versions>\n");
            for (String v : versions) {
                sb.append("      <version>").append(v).append("</version>\n");
            }
            sb.append("    </versions>\n    <lastUpdated>20260101000000</lastUpdated>\n  </versioning>\n</metadata>\n");
            Path md = adir.resolve("maven-metadata.xml");
            Files.writeString(md, sb.toString(), StandardCharsets.UTF_8);
            checksums(md);
        }
    }

    private static void checksums(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"), digest("SHA-1", bytes));
        Files.writeString(file.resolveSibling(file.getFileName() + ".md5"), digest("MD5", bytes));
    }

    private static String digest(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
