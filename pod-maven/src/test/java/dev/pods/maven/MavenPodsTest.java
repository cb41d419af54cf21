package dev.pods.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Pod;
import dev.pods.PodClosedException;
import dev.pods.PodEnv;
import dev.pods.PodLease;
import dev.pods.PodResolutionException;
import dev.pods.testing.FakeRepo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.execution.AbstractExecutionListener;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.ExecutionEvent;
import org.apache.maven.execution.MavenSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The build's pods, on a real Maven session object and a real Maven Resolver 1.6. */
@Timeout(60)
class MavenPodsTest {
    @TempDir
    Path tmp;

    private MavenSession session;
    private PodEnv env;
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    @SuppressWarnings("deprecation")
    void build() {
        FakeRepo remote = FakeRepo.at(tmp.resolve("remote"));
        remote.artifact("com.acme:tool:1.0")
                .source("com.acme.Printer", "package com.acme; public class Printer {"
                        + " public static String print(String s) { System.out.println(s); System.err.println(\"err \" + s);"
                        + " System.out.print(\"partial\"); return s; } }")
                .source("com.acme.Counter", "package com.acme; public class Counter {"
                        + " static int n; public static int next() { return ++n; } }")
                .source("com.acme.Spawner", "package com.acme; public class Spawner {"
                        + " public static void start() { new Thread(() -> { try { Thread.sleep(600_000); }"
                        + " catch (InterruptedException e) { } }, \"spawned\").start(); } }")
                .publish();
        DefaultMavenExecutionRequest request = new DefaultMavenExecutionRequest();
        request.setExecutionListener(new AbstractExecutionListener() {
            @Override
            public void sessionEnded(ExecutionEvent event) {
                events.add("sessionEnded");
            }

            @Override
            public void projectStarted(ExecutionEvent event) {
                events.add("projectStarted");
            }
        });
        session = new MavenSession(null, Resolver16.session(tmp.resolve("local")), request,
                new DefaultMavenExecutionResult());
        env = PodEnv.empty().withDefaultRepositories(false).withRepository("fake", remote.uri())
                .withDependencies("com.acme:tool:1.0");
    }

    @AfterEach
    void end() {
        MavenPods.of(session, Resolver16.SYSTEM).close();
    }

    @Test
    void oneInstancePerBuildSession() {
        MavenPods pods = MavenPods.of(session, Resolver16.SYSTEM);
        assertSame(pods, MavenPods.of(session, Resolver16.SYSTEM));
        MavenSession other = new MavenSession(null, Resolver16.session(tmp.resolve("local")),
                new DefaultMavenExecutionRequest(), new DefaultMavenExecutionResult());
        MavenPods theirs = MavenPods.of(other, Resolver16.SYSTEM);
        assertNotSame(pods, theirs);
        theirs.close();
    }

    @Test
    void aSharedPodStaysWarmAndPrintsToEachBorrowersLog() {
        MavenPods pods = MavenPods.of(session, Resolver16.SYSTEM);
        RecordingLog first = new RecordingLog();
        RecordingLog second = new RecordingLog();
        Pod pod;
        try (PodLease lease = pods.shared(env, first)) {
            pod = lease.pod();
            assertEquals(1, (int) pod.call("com.acme.Counter/next"));
            assertEquals("hi", pod.call("com.acme.Printer/print", "hi"));
        }
        try (PodLease lease = pods.shared(env, second)) {
            // The same warm pod (a lease hands out a view of it): its static counter goes on.
            assertEquals(pod.name(), lease.pod().name());
            assertEquals(2, (int) lease.pod().call("com.acme.Counter/next"));
            lease.pod().call("com.acme.Printer/print", "again");
        }
        assertEquals(List.of("INFO hi", "WARN err hi", "INFO partial"), first.lines());
        assertEquals(List.of("INFO again", "WARN err again", "INFO partial"), second.lines());
        assertEquals(2, pods.leases(env));
    }

    @Test
    void aFreshPodIsCleanIsClosedWithItsLeaseAndItsLeftoverThreadsAreEndedAndReported() throws Exception {
        MavenPods pods = MavenPods.of(session, Resolver16.SYSTEM);
        RecordingLog log = new RecordingLog();
        Pod first;
        try (PodLease lease = pods.fresh(env, log)) {
            first = lease.pod();
            assertEquals(1, (int) first.call("com.acme.Counter/next"));
            first.call("com.acme.Spawner/start");
        }
        assertTrue(first.isClosed());
        assertEquals(List.of("WARN pod 'pod' left 1 thread running when it returned; ended at close: 'spawned'"),
                log.lines());
        try (PodLease lease = pods.fresh(env, new RecordingLog())) {
            assertNotSame(first, lease.pod());
            assertEquals(1, (int) lease.pod().call("com.acme.Counter/next"), "a clean pod: statics start over");
        }
    }

    @Test
    void aResolutionFailureIsTheCallersAtOnce() {
        MavenPods pods = MavenPods.of(session, Resolver16.SYSTEM);
        PodEnv missing = env.withDependencies("com.acme:absent:1.0");
        PodResolutionException e = assertThrows(PodResolutionException.class, () -> pods.fresh(missing, new RecordingLog()));
        assertTrue(e.getMessage().contains("com.acme:absent:jar:1.0"), e.getMessage());
    }

    @Test
    void theSessionsEndClosesEveryPodAndPassesTheEventOn() {
        MavenPods pods = MavenPods.of(session, Resolver16.SYSTEM);
        Pod pod;
        try (PodLease lease = pods.shared(env, new RecordingLog())) {
            pod = lease.pod();
        }
        session.getRequest().getExecutionListener().projectStarted(null);
        assertFalse(pods.isClosed());
        session.getRequest().getExecutionListener().sessionEnded(null);
        assertTrue(pods.isClosed());
        assertTrue(pod.isClosed());
        assertEquals(List.of("projectStarted", "sessionEnded"), events);
        assertThrows(PodClosedException.class, () -> pods.shared(env, new RecordingLog()));
        // The next build (here: the same session after the end) gets a new instance.
        MavenPods next = MavenPods.of(session, Resolver16.SYSTEM);
        assertNotSame(pods, next);
        assertFalse(next.isClosed());
    }
}
