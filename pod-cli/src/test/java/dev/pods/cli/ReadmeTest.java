package dev.pods.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README quotes compiled examples verbatim, and its test command is CI's. */
class ReadmeTest {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    /** The compiled sources the README quotes from (each region between README: markers). */
    static final List<String> COMPILED_EXAMPLES = List.of(
            "pod-cli/src/test/java/dev/pods/cli/ReadmeExamplesTest.java",
            "pods-maven-plugin/src/test/java/dev/pods/maven/example/ToolMojo.java",
            "pod-junit/src/test/java/dev/pods/junit/example/StringUtilsTest.java");

    @Test
    void everyQuotedExampleIsInTheCompiledTest() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Map<String, String> regions = new LinkedHashMap<>();
        for (String source : COMPILED_EXAMPLES) {
            regions.putAll(regions(Files.readString(ROOT.resolve(source))));
        }
        assertFalse(regions.isEmpty());
        for (Map.Entry<String, String> r : regions.entrySet()) {
            assertTrue(readme.contains("```java\n" + r.getValue() + "```\n"),
                    "README.md must quote the region '" + r.getKey() + "' of ReadmeExamplesTest verbatim:\n" + r.getValue());
        }
        // and nothing in a java block that the build does not compile
        int blocks = readme.split("```java\n", -1).length - 1;
        assertEquals(regions.size(), blocks, "every ```java block in README.md is a quoted, compiled region");
    }

    @Test
    void theTestCommandIsTheOneCiRuns() throws IOException {
        List<String> mvnLines = Files.readAllLines(ROOT.resolve("README.md")).stream()
                .filter(l -> l.startsWith("mvn")).collect(Collectors.toList());
        assertEquals(List.of("mvn -B verify"), mvnLines, "README.md: exactly one line starts with mvn, the test command");
        assertTrue(Files.readAllLines(ROOT.resolve(".ci/run")).contains("mvn -B verify"), ".ci/run runs the README's command");
        assertTrue(Files.readString(ROOT.resolve("README.md")).contains("\n./pods demo\n"), "the main job is ./pods demo");
    }

    /** Regions between "// README:name" and "// README:end", dedented, each line ending in a newline. */
    static Map<String, String> regions(String source) {
        Map<String, String> out = new LinkedHashMap<>();
        String name = null;
        List<String> lines = new ArrayList<>();
        for (String line : source.split("\n")) {
            String t = line.strip();
            if (t.startsWith("// README:")) {
                String tag = t.substring("// README:".length());
                if (tag.equals("end")) {
                    out.put(name, dedent(lines));
                    name = null;
                    lines.clear();
                } else {
                    name = tag;
                }
            } else if (name != null) {
                lines.add(line);
            }
        }
        return out;
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l.length() >= indent ? l.substring(indent) : l.strip()).append('\n');
        }
        return sb.toString();
    }
}
