package dev.pods.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.PodLease;
import dev.pods.PodPool;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool over pods with their own class loaders and classes compiled for the test: loaders
 * are collected after refreshes, leases and close. Pods come from {@link #pods()}.
 */
class PoolWithPodsTest {
    @TempDir
    Path tmp;

    Function<PodEnv, Pod> pods() {
        return LoaderPod::new;
    }

    /** The dependency env: here the lib jar as a classpath entry; the real-pod tests resolve it from a repository. */
    PodEnv deps() {
        return ReloaderTest.DEPS.withClasspath(ReloaderTest.libJar(tmp));
    }

    PodEnv appEnv() throws Exception {
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        ReloaderTest.compileInto(classes, ReloaderTest.app("v1", tmp.resolve("log.txt"), false));
        return deps().withClasspath(classes);
    }

    static int alive(List<WeakReference<ClassLoader>> refs) {
        int n = 0;
        for (WeakReference<ClassLoader> r : refs) {
            if (r.get() != null) {
                n++;
            }
        }
        return n;
    }

    /** A bounded GC loop: true when every loader was collected. */
    static boolean collected(List<WeakReference<ClassLoader>> refs) throws InterruptedException {
        for (int i = 0; i < 50 && alive(refs) > 0; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return alive(refs) == 0;
    }

    @Test
    @Timeout(180)
    void noPodLeaksAfterAThousandRefreshes() throws Exception {
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        // A short retire grace: this is about loaders being collected, not about the grace.
        try (PodPool pool = PodPool.builder(appEnv()).size(2).podFactory(pods()).retireGrace(Duration.ofMillis(20))
                .build()) {
            Pod previous = pool.current(Duration.ofSeconds(60));
            loaders.add(new WeakReference<>(previous.classLoader()));
            for (int i = 0; i < 1000; i++) {
                Pod next = pool.refresh();
                assertNotSame(previous, next);
                assertEquals("lib:v1", next.call("app.Main/version"));
                loaders.add(new WeakReference<>(next.classLoader()));
                previous = next;
            }
            previous = null;
            // all but the current pod (and the warm ones, which never ran app code) are retired
            assertTrue(pool.stats().retired() >= 1000);
            Pod current = pool.current();
            WeakReference<ClassLoader> currentLoader = new WeakReference<>(current.classLoader());
            current = null;
            List<WeakReference<ClassLoader>> retired = loaders.subList(0, loaders.size() - 1);
            // destruction runs in the background: give it and the GC a bounded time
            assertTrue(collected(retired), alive(retired) + " of 1000 retired pods' loaders are still reachable");
            assertTrue(currentLoader.get() != null, "the current pod is in use, not collected");
        }
        assertTrue(collected(loaders), alive(loaders) + " loaders still reachable after close");
    }

    @Test
    @Timeout(120)
    void leasedPodsAreCollectedAfterReturnAndClose() throws Exception {
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        PodPool pool = PodPool.builder(appEnv()).size(1).podFactory(pods()).build();
        for (int i = 0; i < 50; i++) {
            try (PodLease lease = pool.borrow(Duration.ofSeconds(60))) {
                assertEquals("lib:v1", lease.pod().call("app.Main/version"));
                loaders.add(new WeakReference<>(lease.pod().classLoader()));
            }
        }
        PodLease out = pool.borrow(Duration.ofSeconds(60));
        loaders.add(new WeakReference<>(out.pod().classLoader()));
        pool.close(); // with a lease still out
        assertTrue(collected(loaders.subList(0, 50)), "returned leases' loaders are collected");
        out.close();
        out = null;
        assertTrue(collected(loaders), "the loader of a pod out on lease at close is collected once the lease is dropped");
    }
}
