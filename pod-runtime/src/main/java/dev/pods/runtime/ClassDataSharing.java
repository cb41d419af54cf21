package dev.pods.runtime;

import dev.pods.PodJvm;
import java.nio.file.Path;
import java.util.List;

/** Class data sharing for the child JVMs of process pods (to be measured). */
final class ClassDataSharing {
    List<String> options(Path java, List<Path> runtimeClasspath, PodJvm jvm) {
        return List.of();
    }
}
