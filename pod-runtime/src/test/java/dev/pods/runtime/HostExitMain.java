package dev.pods.runtime;

import dev.pods.Pod;
import java.nio.file.Path;

/**
 * A host program for {@link CloseHarmTest}: its pod leaves non-daemon executors, a non-daemon
 * timer and a non-daemon thread running, the host closes the pod and returns from {@code main}.
 * The JVM must then exit on its own, as it would have without the pod.
 */
public final class HostExitMain {
    private HostExitMain() {
    }

    public static void main(String[] args) {
        try (Pod pod = Pods.create(PodFixtures.env("exit", Path.of(args[0])))) {
            pod.call("com.acme.Hostile/executors");
            pod.call("com.acme.Hostile/timer");
            pod.call("com.acme.Hostile/nonDaemonThread");
        }
        System.out.println("main returned");
    }
}
