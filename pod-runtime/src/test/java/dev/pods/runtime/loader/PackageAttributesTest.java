package dev.pods.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.testing.Jars;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Package}s of pod classes carry their jar manifest's attributes and sealing exactly as
 * the JDK's {@link URLClassLoader} defines them; classes from a class directory get none.
 */
class PackageAttributesTest {
    @TempDir
    Path dir;

    private static final List<Function<Package, Object>> ATTRIBUTES = List.of(
            Package::getName, Package::getImplementationTitle, Package::getImplementationVersion,
            Package::getImplementationVendor, Package::getSpecificationTitle, Package::getSpecificationVersion,
            Package::getSpecificationVendor, Package::isSealed);

    @Test
    void manifestAttributesMainSectionAndPerPackageSectionAsTheJdk() throws Exception {
        List<Path> cp = LoaderFixtures.classpath(dir);
        try (PodClassLoader pod = LoaderFixtures.podLoader("pkg", cp); URLClassLoader jdk = LoaderFixtures.jdkLoader(cp)) {
            for (String cls : List.of("com.acme.A", "com.acme.sub.B", "com.acme.special.S", "com.acme.C",
                    "com.acme.flat.F", "com.acme.sub.E", "com.acme.mr.M")) {
                Package p = pod.loadClass(cls).getPackage();
                Package j = jdk.loadClass(cls).getPackage();
                assertEquals(describe(j), describe(p), cls);
            }
            Package a = pod.loadClass("com.acme.A").getPackage();
            assertEquals("3.17.0", a.getImplementationVersion());
            assertEquals("acme-dirs", a.getImplementationTitle());
            assertEquals("Acme Inc.", a.getImplementationVendor());
            assertEquals("3.17", a.getSpecificationVersion());
            assertEquals("Acme API", a.getSpecificationTitle());
            assertEquals("Acme Spec Group", a.getSpecificationVendor());
            assertTrue(a.isCompatibleWith("3.1"));
            // The package's own section wins over the main section, attribute by attribute.
            Package s = pod.loadClass("com.acme.special.S").getPackage();
            assertEquals("9.9-special", s.getImplementationVersion());
            assertEquals("Special API", s.getSpecificationTitle());
            assertEquals("Acme Inc.", s.getImplementationVendor());
            // A versioned class of a multi-release jar: the jar's manifest all the same.
            assertEquals("mr-1.0", pod.loadClass("com.acme.mr.M").getPackage().getImplementationVersion());
            // A package is defined once, by its first class: com.acme.sub by B (dirs.jar), so E from
            // the class directory joins it, attributes and all, as in the JDK.
            assertEquals(pod.loadClass("com.acme.sub.B").getPackage(), pod.loadClass("com.acme.sub.E").getPackage());
            // A jar whose manifest has no attributes gives none.
            assertNull(pod.loadClass("com.acme.flat.F").getPackage().getImplementationVersion());
            assertEquals(pod.getDefinedPackage("com.acme"), a);
        }
    }

    @Test
    void aClassDirectoryAloneGivesNoAttributes() throws Exception {
        Path classes = Jars.writeDir(dir.resolve("classes"), Jars.compile(Map.of("com.acme.D",
                "package com.acme; public class D {}")));
        try (PodClassLoader pod = LoaderFixtures.podLoader("dir", List.of(classes))) {
            Package p = pod.loadClass("com.acme.D").getPackage();
            assertEquals(Arrays.asList("com.acme", null, null, null, null, null, null, false), describe(p));
        }
    }

    @Test
    void sealedPackagesAreEnforcedAsTheJdkEnforcesThem() throws Exception {
        Map<String, byte[]> sealedClasses = Jars.compile(Map.of(
                "com.acme.sealed.One", "package com.acme.sealed; public class One {}",
                "com.acme.open.Three", "package com.acme.open; public class Three {}"));
        Path sealedJar = Jars.writeJar(dir.resolve("sealed.jar"), sealedClasses,
                Jars.manifest(Map.of(), Map.of("com/acme/sealed/", Map.of("Sealed", "true"))), true);
        Map<String, byte[]> others = Jars.compile(Map.of(
                "com.acme.sealed.Two", "package com.acme.sealed; public class Two {}",
                "com.acme.open.Four", "package com.acme.open; public class Four {}"));
        Path otherJar = Jars.writeJar(dir.resolve("other.jar"), others, Jars.manifest(Map.of(), Map.of()), true);
        // A jar sealed as a whole (main section), with one package unsealed by its own section.
        Path allSealed = Jars.writeJar(dir.resolve("all.jar"), Jars.compile(Map.of(
                        "com.acme.all.X", "package com.acme.all; public class X {}",
                        "com.acme.loose.Y", "package com.acme.loose; public class Y {}")),
                Jars.manifest(Map.of("Sealed", "true"), Map.of("com/acme/loose/", Map.of("Sealed", "false"))), true);

        List<Path> cp = List.of(sealedJar, otherJar, allSealed);
        try (PodClassLoader pod = LoaderFixtures.podLoader("seal", cp); URLClassLoader jdk = LoaderFixtures.jdkLoader(cp)) {
            for (ClassLoader l : List.of(jdk, pod)) {
                Package sealed = l.loadClass("com.acme.sealed.One").getPackage();
                assertTrue(sealed.isSealed(), l.getName());
                assertTrue(sealed.isSealed(LoaderFixtures.url(sealedJar)), l.getName());
                // A class of the sealed package from another jar is refused ...
                SecurityException e = assertThrows(SecurityException.class, () -> l.loadClass("com.acme.sealed.Two"));
                assertEquals("sealing violation: package com.acme.sealed is sealed", e.getMessage());
                // ... while an unsealed package spans jars.
                assertFalse(l.loadClass("com.acme.open.Three").getPackage().isSealed());
                assertEquals(l.loadClass("com.acme.open.Three").getPackage(), l.loadClass("com.acme.open.Four").getPackage());
                assertTrue(l.loadClass("com.acme.all.X").getPackage().isSealed(), l.getName());
                assertFalse(l.loadClass("com.acme.loose.Y").getPackage().isSealed(), l.getName());
            }
        }

        // The other way round: the package is open when first defined, and the sealed jar comes later.
        List<Path> reversed = List.of(otherJar, sealedJar);
        try (PodClassLoader pod = LoaderFixtures.podLoader("seal2", reversed);
             URLClassLoader jdk = LoaderFixtures.jdkLoader(reversed)) {
            for (ClassLoader l : List.of(jdk, pod)) {
                l.loadClass("com.acme.sealed.Two");
                SecurityException e = assertThrows(SecurityException.class, () -> l.loadClass("com.acme.sealed.One"));
                assertEquals("sealing violation: can't seal package com.acme.sealed: already loaded", e.getMessage());
            }
        }
    }

    private static List<Object> describe(Package p) {
        return ATTRIBUTES.stream().map(f -> f.apply(p)).collect(java.util.stream.Collectors.toList());
    }
}
