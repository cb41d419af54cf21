package dev.pods.runtime.loader;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import org.apiguardian.api.API;

/**
 * The runtime's rule for which classes a pod loads from the host rather than from its own
 * classpath (the JDK's packages aside, which {@link PodClassLoader} asks of the boot layer): the
 * API package {@code dev.pods} itself (not its subpackages: the runtime and pod-api's internal
 * package stay host-only), and each of the env's shared packages with its subpackages. The env
 * holds only the package names the user gave; this class is the policy over them, the same in
 * an in-process pod and in a process pod's child JVM. Immutable.
 */
@API(status = INTERNAL, since = "1.0")
public final class SharedClasses implements Predicate<String> {
    private static final String API = "dev.pods.";

    private final String[] packages;

    private SharedClasses(Collection<String> packages) {
        this.packages = List.copyOf(packages).toArray(new String[0]);
    }

    /** The rule for an env whose shared packages are {@code packages} (each covering its subpackages). */
    public static SharedClasses of(Collection<String> packages) {
        return new SharedClasses(packages);
    }

    /** Whether the binary class name {@code className} is loaded from the host. */
    @Override
    public boolean test(String className) {
        if (className.startsWith(API) && className.indexOf('.', API.length()) < 0) {
            return true;
        }
        for (String p : packages) {
            if (className.startsWith(p) && className.length() > p.length() && className.charAt(p.length()) == '.') {
                return true;
            }
        }
        return false;
    }
}
