package dev.pods.runtime;

import dev.pods.Isolation;
import dev.pods.Pod;
import java.nio.file.Path;

/**
 * A host program for {@link ProcessPodTest}: starts a process pod, prints its child's process id
 * and waits to be killed. The test kills this JVM and checks that the child goes too.
 */
public final class ProcessHostMain {
    private ProcessHostMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Pod pod = Pods.create(PodFixtures.env("orphan", Path.of(args[0])).withIsolation(Isolation.PROCESS));
        long pid = pod.call("com.acme.Proc/pid");
        System.out.println("child " + pid);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
