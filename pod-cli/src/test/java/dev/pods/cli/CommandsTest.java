package dev.pods.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.testing.FakeRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** eval, call and deps in-process over a fabricated repository: output, exit code, message. */
@Timeout(120)
class CommandsTest {
    static final String CALC = "com.acme:calc:1.0";

    @TempDir
    Path tmp;
    FakeRepo repo;
    List<String> where;

    @BeforeEach
    void repository() throws IOException {
        repo = FakeRepo.at(tmp.resolve("remote"));
        repo.artifact(CALC).source("com.acme.Calc", "package com.acme;\n"
                + "public class Calc {\n"
                + "  public static int add(int a, int b) { return a + b; }\n"
                + "  public static java.util.List<Integer> pair(int a, int b) { return java.util.List.of(a, b); }\n"
                + "  public static java.util.Map<String, Object> info(String name) {\n"
                + "    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();\n"
                + "    m.put(\"name\", name); m.put(\"size\", name.length()); return m; }\n"
                + "  public static int parse(String s) { return Integer.parseInt(s); }\n"
                + "}\n").publish();
        Path settings = tmp.resolve("settings.xml");
        Files.writeString(settings, "<settings/>\n");
        // hermetic: no default repository, no user settings, a local repository of our own
        where = List.of("-s", settings.toString(), "--no-default-repo", "--repo", repo.uri().toString(),
                "--local-repo", tmp.resolve("local").toString());
    }

    private Run pods(String command, String... rest) {
        return podsWithInput("", command, rest);
    }

    private Run podsWithInput(String stdin, String command, String... rest) {
        List<String> args = new ArrayList<>();
        args.add(command);
        args.addAll(where);
        args.addAll(List.of(rest));
        return Run.withInput(stdin, args.toArray(String[]::new));
    }

    @Test
    void callPrintsTheResultAsJson() {
        Run r = pods("call", "-q", "-d", CALC, "com.acme.Calc/add", "20", "22");
        assertEquals(0, r.code(), r::toString);
        assertEquals("42", r.out().strip());
        assertEquals("", r.err(), "quiet prints nothing but the result");

        Run list = pods("call", "-d", CALC, "com.acme.Calc/pair", "1", "2");
        assertEquals("[1,2]", list.out().strip(), list::toString);

        Run map = pods("call", "-d", CALC, "com.acme.Calc/info", "\"pods\"");
        assertEquals("{\"name\":\"pods\",\"size\":4}", map.out().strip(), map::toString);
    }

    @Test
    void callThatThrowsIsAUserErrorNamingTheRemoteException() {
        Run r = pods("call", "-d", CALC, "com.acme.Calc/parse", "\"forty-two\"");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("java.lang.NumberFormatException"), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
    }

    @Test
    void callOfAMissingMethodIsAUserError() {
        Run r = pods("call", "-d", CALC, "com.acme.Calc/nope");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("nope"), r::toString);
    }

    @Test
    void evalPrintsTheValue() {
        Run r = pods("eval", "-d", CALC, "com.acme.Calc.add(1, 2)");
        assertEquals(0, r.code(), r::toString);
        assertEquals("3", r.out().strip());

        Run s = pods("eval", "-d", CALC, "\"a\" + com.acme.Calc.pair(1, 2)");
        assertEquals("a[1, 2]", s.out().strip(), s::toString);
    }

    @Test
    void evalReadsCodeFromStandardInput() {
        Run r = podsWithInput("int x = 20;\nx + 22\n", "eval", "-d", CALC, "-");
        assertEquals(0, r.code(), r::toString);
        assertEquals("42", r.out().strip());
    }

    @Test
    void compileErrorIsAUserErrorWithLineAndColumn() {
        Run r = pods("eval", "-d", CALC, "com.acme.Calc.add(1, \"x\")");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("did not compile at 1:"), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
    }

    @Test
    void unknownLanguageIsAUserError() {
        Run r = pods("eval", "-d", CALC, "--lang", "cobol", "DISPLAY 'HI'");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("cobol") && r.err().contains("java"), "names the language and what the pod offers: " + r);
    }

    @Test
    void depsPrintsTheClasspath() {
        Run r = pods("deps", "-d", CALC);
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().strip().endsWith("calc-1.0.jar"), r::toString);
    }

    private void publishConflict() {
        repo.artifact("com.acme:util:1.0").publish();
        repo.artifact("com.acme:util:2.0").publish();
        repo.artifact("com.acme:mid:1.0").dependency("com.acme:util:1.0").publish();
        repo.artifact("com.acme:app:1.0").dependency("com.acme:mid:1.0").dependency("com.acme:util:2.0").publish();
    }

    @Test
    void depsTreeConflictsAndWhy() {
        publishConflict();
        Run tree = pods("deps", "-d", "com.acme:app:1.0", "--tree");
        assertEquals(0, tree.code(), tree::toString);
        assertTrue(tree.out().startsWith("com.acme:app:jar:1.0"), tree::toString);
        assertTrue(tree.out().contains("com.acme:util:jar:1.0:compile (omitted for conflict with 2.0)"), tree::toString);

        Run conflicts = pods("deps", "-d", "com.acme:app:1.0", "--conflicts");
        assertEquals(0, conflicts.code(), conflicts::toString);
        assertEquals("managed versions: none\n"
                + "version conflicts (mediation: the nearest wins, then the first declared):\n"
                + "  com.acme:util: 2.0 won over 1.0 (via com.acme:app:1.0 -> com.acme:mid:1.0 -> com.acme:util:1.0)\n",
                conflicts.out(), conflicts::toString);

        Run why = pods("deps", "-d", "com.acme:app:1.0", "--why", "com.acme:util");
        assertEquals(0, why.code(), why::toString);
        assertEquals("com.acme:app:1.0 -> com.acme:util:2.0", why.out().strip(), why::toString);

        Run none = pods("deps", "-d", CALC, "--conflicts");
        assertEquals("managed versions: none\nversion conflicts: none", none.out().strip(), none::toString);
    }

    @Test
    void whyOfAnAbsentArtifactIsAUserError() {
        Run r = pods("deps", "-d", CALC, "--why", "com.acme:nope");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("com.acme:nope is not among the resolved dependencies"), r::toString);
        Run bad = pods("deps", "-d", CALC, "--why", "nope");
        assertEquals(1, bad.code(), bad::toString);
        assertTrue(bad.err().contains("not group:artifact"), bad::toString);
    }

    @Test
    void missingArtifactIsAUserErrorSayingWhatToFix() {
        Run r = pods("deps", "-d", "com.acme:nope:1.0");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("com.acme:nope:1.0") && r.err().contains("not found"), r::toString);
        assertTrue(r.err().contains("--repo"), "says what to do: " + r);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
    }

    @Test
    void malformedCoordinateIsAUserError() {
        Run r = pods("deps", "-d", "guava");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("'guava'") && r.err().contains("group:artifact"), r::toString);
    }

    @Test
    void offlineWithoutALocalCopyIsAUserError() {
        Run r = pods("deps", "--offline", "-d", CALC);
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("offline") && r.err().contains("without --offline"), r::toString);
    }

    @Test
    void offlineWithALocalCopyWorks() {
        assertEquals(0, pods("deps", "-d", CALC).code());
        Run r = pods("deps", "--offline", "-d", CALC);
        assertEquals(0, r.code(), r::toString);
    }

    @Test
    void callAndEvalRunInAJvmOfTheirOwnWithItsOptions() {
        Run r = pods("call", "-q", "--process", "--jvm-opt", "-Dpods.cli=yes", "-d", CALC, "com.acme.Calc/add", "20", "22");
        assertEquals(0, r.code(), r::toString);
        assertEquals("42", r.out().strip());
        Run e = pods("eval", "--process", "--jvm-opt=-Dpods.cli=yes", "--jvm-opt", "-Xmx64m", "-d", CALC,
                "System.getProperty(\"pods.cli\") + \" \" + (Runtime.getRuntime().maxMemory() <= 64L << 20)"
                + " + \" \" + ProcessHandle.current().pid()");
        assertEquals(0, e.code(), e::toString);
        String[] parts = e.out().strip().replace("\"", "").split(" ");
        assertEquals("yes", parts[0], e::toString);
        assertEquals("true", parts[1], "the heap is the pod's own: " + e);
        assertTrue(Long.parseLong(parts[2]) != ProcessHandle.current().pid(), "another process: " + e);
    }

    @Test
    void aProcessPodThatExitsIsAUserErrorWithItsExitCode() {
        Run r = pods("call", "--process", "-d", CALC, "java.lang.System/exit", "3");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("exited with code 3"), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
    }

    @Test
    void jvmOptionsNeedAProcessAndMustBeOptions() {
        Run r = pods("call", "--jvm-opt=-Xmx64m", "-d", CALC, "com.acme.Calc/add", "1", "2");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("--process"), r::toString);
        Run cp = pods("call", "--process", "--jvm-opt=-cp", "-d", CALC, "com.acme.Calc/add", "1", "2");
        assertEquals(1, cp.code(), cp::toString);
        assertTrue(cp.err().contains("'-cp'"), cp::toString);
    }
}
