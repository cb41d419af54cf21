package dev.pods.runtime.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pods.PodClosedException;
import dev.pods.PodEnv;
import dev.pods.testing.FakeRepo;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A closed resolver says that it is closed, and that a new one resolves: not that a pod is closed. */
class ResolverClosedTest {
    @TempDir
    Path tmp;

    private PodEnv env(FakeRepo repo) {
        return PodEnv.empty().withName("app").withDefaultRepositories(false).withRepository("fake", repo.uri())
                .withLocalRepository(tmp.resolve("local")).withDependencies("com.acme:a:1.0");
    }

    @Test
    void resolvingWithAClosedResolverNamesTheResolver() {
        FakeRepo repo = FakeRepo.at(tmp.resolve("remote"));
        Resolver r = Resolver.create();
        r.close();
        PodClosedException e = assertThrows(PodClosedException.class, () -> r.resolve(env(repo)));
        assertEquals("the Resolver is closed: cannot resolve the dependencies of pod 'app'; a closed Resolver"
                + " resolves nothing; use one that is open (Resolver.create()), and close it only when no more"
                + " resolutions will come", e.getMessage());
        assertEquals("app", e.podName());
    }

    @Test
    @Timeout(60)
    void closingTheResolverDuringAResolutionLetsItFinishThenShutsDown() {
        FakeRepo repo = FakeRepo.at(tmp.resolve("remote"));
        repo.artifact("com.acme:a:1.0").dependency("com.acme:b:1.0").publish();
        repo.artifact("com.acme:b:1.0").publish();
        AtomicReference<Resolver> self = new AtomicReference<>();
        AtomicReference<Throwable> closeFailed = new AtomicReference<>();
        AtomicInteger closes = new AtomicInteger();
        // The first download event closes the resolver under the resolution. Maven Resolver
        // refused to shut down with a session open, and close() threw that at its caller.
        Resolver r = Resolver.builder().diskCache(false).transferListener(ev -> {
            if (closes.getAndIncrement() == 0) {
                try {
                    self.get().close();
                } catch (Throwable t) {
                    closeFailed.set(t);
                }
            }
        }).build();
        self.set(r);
        Resolution res = r.resolve(env(repo));
        assertEquals(null, closeFailed.get(), "close() threw");
        assertEquals(2, res.classpath().size(), "the resolution under way finished");
        assertFalse(r.engineStarted(), "the last resolution out shut Maven Resolver down");
        assertThrows(PodClosedException.class, () -> r.resolve(env(repo)));
    }
}
