package dev.pods.junit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.testing.Jars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which artifact a classpath entry is: by repository layout, else by its only pom.properties. */
class ArtifactFilesTest {
    @TempDir
    Path tmp;
    final ArtifactFiles files = new ArtifactFiles();

    @Test
    void mavenLayoutNamesGroupArtifactAndNothingElse() {
        Path jar = tmp.resolve("repo/org/apache/commons/commons-lang3/3.17.0/commons-lang3-3.17.0.jar");
        assertTrue(files.is(jar, "org.apache.commons", "commons-lang3"));
        assertFalse(files.is(jar, "org.apache", "commons-lang3"), "a shorter group");
        assertFalse(files.is(jar, "com.apache.commons", "commons-lang3"), "another group");
        assertFalse(files.is(jar, "org.apache.commons", "commons"), "a prefix of the artifact");
        assertTrue(files.is(tmp.resolve("repo/com/acme/lib/2.0/lib-2.0-tests.jar"), "com.acme", "lib"), "a classifier");
        assertFalse(files.is(tmp.resolve("repo/com/acme/lib-extra/2.0/lib-extra-2.0.jar"), "com.acme", "lib"));
    }

    @Test
    void gradleCacheLayoutToo() {
        Path jar = tmp.resolve("caches/modules-2/files-2.1/com.google.guava/guava/33.3.1-jre/"
                + "2c1a3d8e9b4f5a6c7d8e9f0a1b2c3d4e5f6a7b8c/guava-33.3.1-jre.jar");
        assertTrue(files.is(jar, "com.google.guava", "guava"));
        assertFalse(files.is(jar, "com.google", "guava"));
    }

    @Test
    void outsideALayoutTheOnlyPomPropertiesDecidesAndAShadedJarIsNeverOneOfItsParts() throws Exception {
        Path renamed = Jars.writeJar(tmp.resolve("renamed.jar"), Map.of(), Map.of(
                "META-INF/maven/com.acme/lib/pom.properties", "version=2.0\n", "com/acme/Lib.txt", "x"));
        assertTrue(files.is(renamed, "com.acme", "lib"));
        assertFalse(files.is(renamed, "com.acme", "other"));
        Path shaded = Jars.writeJar(tmp.resolve("fat.jar"), Map.of(), Map.of(
                "META-INF/maven/com.acme/lib/pom.properties", "version=2.0\n",
                "META-INF/maven/com.acme/app/pom.properties", "version=1.0\n"));
        assertFalse(files.is(shaded, "com.acme", "lib"));
        assertFalse(files.is(shaded, "com.acme", "app"));
        Path exploded = tmp.resolve("exploded");
        Files.createDirectories(exploded.resolve("META-INF/maven/com.acme/lib"));
        Files.writeString(exploded.resolve("META-INF/maven/com.acme/lib/pom.properties"), "version=1.0\n");
        assertTrue(files.is(exploded, "com.acme", "lib"));
        assertFalse(files.is(tmp.resolve("classes"), "com.acme", "lib"), "a plain class directory");
    }
}
