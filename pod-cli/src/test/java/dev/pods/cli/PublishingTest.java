package dev.pods.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What users get: the BOM lists exactly the published modules at the build's version, every
 * published POM carries the metadata Maven Central requires, and the README's install snippets
 * name published modules at this version.
 */
class PublishingTest {
    static final Path ROOT = ReadmeTest.ROOT;

    private static Document pom(String module) throws Exception {
        Path file = module.isEmpty() ? ROOT.resolve("pom.xml") : ROOT.resolve(module).resolve("pom.xml");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    /** The text of the first child element {@code name} of {@code parent}, or null. */
    private static String child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && n.getNodeName().equals(name)) {
                return n.getTextContent().strip();
            }
        }
        return null;
    }

    private static Element childElement(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && n.getNodeName().equals(name)) {
                return (Element) n;
            }
        }
        return null;
    }

    /** The reactor's modules whose POM does not set maven.deploy.skip, the BOM left out. */
    static Set<String> published() throws Exception {
        Set<String> out = new TreeSet<>();
        NodeList modules = pom("").getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            String m = modules.item(i).getTextContent().strip();
            Element props = childElement(pom(m).getDocumentElement(), "properties");
            boolean skip = props != null && "true".equals(child(props, "maven.deploy.skip"));
            if (!skip && !m.equals("pods-bom")) {
                out.add(m);
            }
        }
        return out;
    }

    static String version() throws Exception {
        return child(pom("").getDocumentElement(), "version");
    }

    @Test
    void theBomManagesExactlyThePublishedModulesAtTheBuildsVersion() throws Exception {
        Element bom = pom("pods-bom").getDocumentElement();
        // No parent: an imported BOM brings its whole dependencyManagement, and the parent's pins
        // third-party versions that must not reach users' builds.
        assertNull(childElement(bom, "parent"), "pods-bom must not inherit pods-parent's dependencyManagement");
        assertEquals("dev.pods", child(bom, "groupId"));
        assertEquals(version(), child(bom, "version"), "pods-bom's version is the build's");
        assertEquals("pom", child(bom, "packaging"));
        Set<String> managed = new TreeSet<>();
        NodeList deps = childElement(childElement(bom, "dependencyManagement"), "dependencies")
                .getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            assertEquals("dev.pods", child(d, "groupId"));
            assertEquals("${project.version}", child(d, "version"), child(d, "artifactId"));
            managed.add(child(d, "artifactId"));
        }
        assertEquals(published(), managed, "pods-bom lists every published module and nothing else");
        assertTrue(managed.containsAll(Set.of("pod-api", "pod-runtime", "pod-pool", "pod-cli", "pods-maven-plugin")),
                managed::toString);
        assertFalse(managed.contains("pod-bench") || managed.contains("pod-test-fixtures"),
                "benchmarks and test fixtures are not published: " + managed);
    }

    @Test
    void everyPublishedPomHasTheMetadataMavenCentralRequires() throws Exception {
        Element parent = pom("").getDocumentElement();
        Element bom = pom("pods-bom").getDocumentElement();
        for (Element p : List.of(parent, bom)) {
            for (String required : List.of("name", "description", "url")) {
                String v = child(p, required);
                assertTrue(v != null && !v.isBlank(), required + " in " + child(p, "artifactId"));
            }
            Element license = childElement(childElement(p, "licenses"), "license");
            assertEquals("Apache-2.0", child(license, "name"));
            assertTrue(child(childElement(childElement(p, "developers"), "developer"), "name") != null);
            Element scm = childElement(p, "scm");
            assertTrue(child(scm, "connection").startsWith("scm:git:"), child(p, "artifactId"));
            assertTrue(child(scm, "url") != null, child(p, "artifactId"));
        }
        assertEquals(child(parent, "url"), child(bom, "url"), "the BOM says the parent's url");
        // Each module inherits the rest; its own name and description say what it is.
        for (String m : published()) {
            Element p = pom(m).getDocumentElement();
            assertTrue(child(p, "name") != null && !child(p, "name").equals(child(parent, "name")), m + " has a name of its own");
            assertTrue(child(p, "description") != null && !child(p, "description").isBlank(), m + " has a description");
        }
    }

    @Test
    void theReadmeInstallsPublishedModulesAtThisVersion() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Set<String> allowed = new LinkedHashSet<>(published());
        allowed.add("pods-bom");
        String version = version();
        List<String> named = new ArrayList<>();
        for (String block : blocks(readme, "xml")) {
            Matcher m = Pattern.compile("<groupId>dev\\.pods</groupId>\\s*<artifactId>([^<]+)</artifactId>").matcher(block);
            while (m.find()) {
                named.add(m.group(1));
            }
            Matcher v = Pattern.compile("<pods\\.version>([^<]+)</pods\\.version>").matcher(block);
            while (v.find()) {
                assertEquals(version, v.group(1), "README's pods.version");
            }
        }
        boolean platform = false;
        for (String block : blocks(readme, "kotlin")) {
            Matcher m = Pattern.compile("\"dev\\.pods:([^:\"]+)(?::([^\"]+))?\"").matcher(block);
            while (m.find()) {
                named.add(m.group(1));
                if (m.group(1).equals("pods-bom")) {
                    assertEquals(version, m.group(2), "README's Gradle platform version");
                    platform = block.contains("implementation(platform(\"dev.pods:pods-bom:");
                }
            }
        }
        assertTrue(platform, "README shows the BOM as a Gradle platform");
        assertTrue(named.contains("pods-bom"), "README shows the BOM import: " + named);
        for (String a : named) {
            assertTrue(allowed.contains(a), "README installs dev.pods:" + a + ", which is not published: " + allowed);
        }
    }

    private static List<String> blocks(String readme, String lang) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("```" + lang + "\n(.*?)```\n", Pattern.DOTALL).matcher(readme);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
