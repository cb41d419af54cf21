package dev.pods.runtime.resolve;

import java.nio.file.Path;
import java.util.List;

/**
 * A resolved dependency set. (Placeholder; the resolution work fills it in.)
 */
public final class Resolution {
    private final List<Path> classpath;

    Resolution(List<Path> classpath) {
        this.classpath = List.copyOf(classpath);
    }

    /** The ordered classpath of the resolved dependencies. */
    public List<Path> classpath() {
        return classpath;
    }
}
