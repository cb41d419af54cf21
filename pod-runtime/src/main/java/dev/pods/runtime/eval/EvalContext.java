package dev.pods.runtime.eval;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import org.apiguardian.api.API;

/**
 * What an evaluator may know of its pod.
 *
 * @param podName       the pod's name, for messages and thread names
 * @param loader        the pod's class loader
 * @param classpath     the pod's classpath (resolved jars, then extra entries), for compilers
 * @param threadFactory makes threads that belong to the pod (its output routing, stopped on close)
 */
@API(status = INTERNAL, since = "1.0")
public record EvalContext(String podName, ClassLoader loader, List<Path> classpath, ThreadFactory threadFactory) {
    public EvalContext {
        classpath = List.copyOf(classpath);
    }
}
