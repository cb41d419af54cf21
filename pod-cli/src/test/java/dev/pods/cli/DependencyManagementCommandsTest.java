package dev.pods.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.runtime.resolve.Resolver;
import dev.pods.runtime.resolve.TransferListener;
import dev.pods.testing.FakeRepo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --managed}, {@code --bom} and {@code --exclude} on the commands that take {@code -d},
 * {@code deps --conflicts} showing what management changed, and that a command resolves once.
 */
@Timeout(120)
class DependencyManagementCommandsTest {
    @TempDir
    Path tmp;
    FakeRepo repo;
    List<String> where;

    @BeforeEach
    void repository() throws IOException {
        repo = FakeRepo.at(tmp.resolve("remote"));
        // app -> lib 1.0 -> old, and app -> mid -> lib 1.5: lib's versions meet in mediation
        repo.artifact("com.acme:app:1.0").dependency("com.acme:lib:1.0").dependency("com.acme:mid:1.0").publish();
        repo.artifact("com.acme:mid:1.0").dependency("com.acme:util:1.0").publish();
        repo.artifact("com.acme:lib:1.0").dependency("com.acme:old:1.0").publish();
        repo.artifact("com.acme:lib:2.0").source("com.acme.Lib",
                "package com.acme; public class Lib { public static int version() { return 2; } }").publish();
        repo.artifact("com.acme:old:1.0").publish();
        repo.artifact("com.acme:util:1.0").publish();
        repo.artifact("com.acme:util:2.0").publish();
        repo.artifact("com.acme:bom:3").packaging("pom").managed("com.acme:lib:2.0").publish();
        repo.artifact("com.acme:platform:1").packaging("pom").importing("com.acme:bom:3")
                .managed("com.acme:util:2.0").publish();
        Path settings = tmp.resolve("settings.xml");
        Files.writeString(settings, "<settings/>\n");
        where = List.of("-s", settings.toString(), "--no-default-repo", "--repo", repo.uri().toString(),
                "--local-repo", tmp.resolve("local").toString());
    }

    private Run pods(String command, String... rest) {
        List<String> args = new ArrayList<>();
        args.add(command);
        args.addAll(where);
        args.addAll(List.of(rest));
        return Run.of(args.toArray(String[]::new));
    }

    private static List<String> names(Run r) {
        return r.out().lines().map(l -> Path.of(l).getFileName().toString()).collect(Collectors.toList());
    }

    @Test
    void conflictsShowWhatManagementChangedAndWhatMediationChose() {
        Run r = pods("deps", "-d", "com.acme:app:1.0", "-d", "com.acme:util:1.0", "--bom", "com.acme:platform:1",
                "--conflicts");
        assertEquals(0, r.code(), r::toString);
        assertEquals("managed versions (what management changed):\n"
                + "  com.acme:lib 1.0 -> 2.0 (managed by com.acme:platform:1; via com.acme:app:1.0 -> com.acme:lib:2.0)\n"
                + "  com.acme:util 1.0 -> 2.0 (managed by com.acme:platform:1;"
                + " via com.acme:app:1.0 -> com.acme:mid:1.0 -> com.acme:util:2.0)\n"
                + "version conflicts (mediation: the nearest wins, then the first declared):\n"
                + "  com.acme:util: 1.0 won over 2.0 (via com.acme:app:1.0 -> com.acme:mid:1.0 -> com.acme:util:2.0)\n",
                r.out(), r::toString);
    }

    @Test
    void managedVersionsAndBomsChangeTheClasspath() {
        assertEquals(List.of("app-1.0.jar", "lib-1.0.jar", "old-1.0.jar", "mid-1.0.jar", "util-1.0.jar"),
                names(pods("deps", "-q", "-d", "com.acme:app:1.0")));
        assertEquals(List.of("app-1.0.jar", "lib-2.0.jar", "mid-1.0.jar", "util-1.0.jar"),
                names(pods("deps", "-q", "-d", "com.acme:app:1.0", "--managed", "com.acme:lib:2.0")));
        assertEquals(List.of("app-1.0.jar", "lib-2.0.jar", "mid-1.0.jar", "util-2.0.jar"),
                names(pods("deps", "-q", "-d", "com.acme:app:1.0", "--bom", "com.acme:platform:1")));
        // --managed wins over a BOM, as a POM's own dependencyManagement wins over its imports
        assertEquals(List.of("app-1.0.jar", "lib-2.0.jar", "mid-1.0.jar", "util-1.0.jar"),
                names(pods("deps", "-q", "-d", "com.acme:app:1.0", "--bom", "com.acme:platform:1",
                        "--managed", "com.acme:util:1.0")));
    }

    @Test
    void aVersionlessDependencyTakesItsManagedVersionInEveryCommand() {
        Run call = pods("call", "-q", "-d", "com.acme:lib", "--bom", "com.acme:bom:3", "com.acme.Lib/version");
        assertEquals(0, call.code(), call::toString);
        assertEquals("2", call.out().strip());
        Run eval = pods("eval", "-q", "-d", "com.acme:lib", "--managed", "com.acme:lib:2.0", "com.acme.Lib.version()");
        assertEquals(0, eval.code(), eval::toString);
        assertEquals("2", eval.out().strip());
        Run unmanaged = pods("deps", "-d", "com.acme:lib");
        assertEquals(1, unmanaged.code(), unmanaged::toString);
        assertTrue(unmanaged.err().contains("malformed coordinate 'com.acme:lib': no version; it may be left out only"
                + " when the env manages it"), unmanaged::toString);
    }

    @Test
    void excludeDropsSubtreesFromEveryDependencyOrFromTheOneNamed() {
        assertEquals(List.of("app-1.0.jar", "mid-1.0.jar", "util-1.0.jar"),
                names(pods("deps", "-q", "-d", "com.acme:app:1.0", "--exclude", "com.acme:lib")));
        assertEquals(List.of("app-1.0.jar", "lib-1.0.jar", "mid-1.0.jar"),
                names(pods("deps", "-q", "-d", "com.acme:app:1.0", "--exclude", "*:old", "--exclude", "*:util")));
        assertEquals(List.of("app-1.0.jar", "mid-1.0.jar", "util-1.0.jar"),
                names(pods("deps", "-q", "-d", "com.acme:app:1.0", "-d", "com.acme:mid:1.0",
                        "--exclude", "com.acme:app=*:*")));
    }

    @Test
    void badManagementOptionsAreOneLineUserErrors() {
        Run notPom = pods("deps", "-d", "com.acme:app:1.0", "--bom", "com.acme:lib:2.0");
        assertEquals(1, notPom.code(), notPom::toString);
        assertTrue(notPom.err().contains("BOM com.acme:lib:2.0 of pod 'deps' is not a BOM: its packaging is 'jar'"),
                notPom::toString);
        Run missing = pods("deps", "-d", "com.acme:app:1.0", "--bom", "com.acme:nope:1");
        assertEquals(1, missing.code(), missing::toString);
        assertTrue(missing.err().startsWith("pods: could not resolve com.acme:nope:pom:1 from repo1 ("), missing::toString);
        assertTrue(missing.err().contains(": not found ("), missing::toString);
        Run badExclude = pods("deps", "-d", "com.acme:app:1.0", "--exclude", "com.acme");
        assertEquals(1, badExclude.code(), badExclude::toString);
        assertTrue(badExclude.err().contains("--exclude com.acme is not [DEP=]GROUP:ARTIFACT"), badExclude::toString);
        Run unknownDep = pods("deps", "-d", "com.acme:app:1.0", "--exclude", "com.acme:other=com.acme:lib");
        assertEquals(1, unknownDep.code(), unknownDep::toString);
        assertTrue(unknownDep.err().contains("no -d dependency is com.acme:other"), unknownDep::toString);
    }

    /** Runs a command whose one resolver is counted and keeps its classpath cache in cli-cache. */
    private Run counted(AtomicInteger resolvers, AtomicInteger jarDownloads, String stdin, String command,
                        String... rest) {
        Path cache = tmp.resolve("cli-cache");
        Function<TransferListener, Resolver> counting = progress -> {
            resolvers.incrementAndGet();
            return Resolver.builder().cacheDirectory(cache).transferListener(e -> {
                if (e.kind() == TransferListener.Kind.SUCCEEDED && e.resource().endsWith("calc-1.0.jar")) {
                    jarDownloads.incrementAndGet();
                }
                progress.onEvent(e);
            }).build();
        };
        List<String> args = new ArrayList<>(List.of(command, "-q"));
        args.addAll(where);
        args.addAll(List.of(rest));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.commandLine(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e, counting)
                    .execute(args.toArray(String[]::new));
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void publishCalc() {
        repo.artifact("com.acme:calc:1.0").source("com.acme.Calc",
                "package com.acme; public class Calc { public static int add(int a, int b) { return a + b; } }").publish();
    }

    /**
     * What the pods were made from: one resolution through the command's resolver, and no other
     * resolver (the runtime's default one would have resolved again and kept its own classpath
     * cache under the local repository).
     */
    private void assertResolvedOnce(AtomicInteger resolvers, AtomicInteger jarDownloads) throws IOException {
        assertEquals(1, resolvers.get(), "one resolver for the command");
        assertEquals(1, jarDownloads.get(), "the jar came through that resolver, with progress");
        try (Stream<Path> entries = Files.list(tmp.resolve("cli-cache"))) {
            assertEquals(1, entries.count(), "one resolution written by it");
        }
        assertTrue(Files.notExists(tmp.resolve("local").resolve(".pods")),
                "pod creation resolved a second time with another resolver");
    }

    @Test
    void aCommandResolvesOnceThroughItsOneResolver() throws IOException {
        publishCalc();
        AtomicInteger resolvers = new AtomicInteger();
        AtomicInteger jarDownloads = new AtomicInteger();
        Run r = counted(resolvers, jarDownloads, "", "call", "-d", "com.acme:calc:1.0", "com.acme.Calc/add", "20", "22");
        assertEquals(0, r.code(), r::toString);
        assertEquals("42", r.out().strip());
        assertResolvedOnce(resolvers, jarDownloads);
    }

    @Test
    void aReplResolvesOnceForAllItsPods() throws IOException {
        publishCalc();
        AtomicInteger resolvers = new AtomicInteger();
        AtomicInteger jarDownloads = new AtomicInteger();
        Run r = counted(resolvers, jarDownloads, "com.acme.Calc.add(1, 2)\n:reset\ncom.acme.Calc.add(2, 3)\n",
                "repl", "-d", "com.acme:calc:1.0");
        assertEquals(0, r.code(), r::toString);
        List<String> out = r.out().lines().toList();
        assertEquals("3", out.get(0), r::toString);
        assertTrue(out.get(1).startsWith(";; a fresh java pod"), r::toString);
        assertEquals("5", out.get(2), r::toString);
        assertResolvedOnce(resolvers, jarDownloads);
    }
}
