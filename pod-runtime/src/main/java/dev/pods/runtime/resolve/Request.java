package dev.pods.runtime.resolve;

import dev.pods.PodRepository;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One resolution request with every override already applied: what the env asked for plus the
 * resolver's own settings. Its {@link #key} is the canonical text that keys the memo and the
 * disk cache; equal keys mean equal requests.
 */
record Request(String podName, List<Coordinate> coordinates, List<Coordinate> managed, List<Coordinate> boms,
               List<PodRepository> repositories,
               boolean defaultRepositories, boolean userSettings, Optional<Path> settingsFile,
               Optional<Path> localRepository, Optional<Boolean> offline, Resolver.ChecksumPolicy checksumPolicy,
               String key) {

    /** Whether any requested, managed or BOM version is dynamic (a range, a snapshot, LATEST or RELEASE). */
    boolean dynamic() {
        for (Coordinate c : coordinates) {
            if (c.dynamic()) {
                return true;
            }
        }
        for (Coordinate c : managed) {
            if (c.dynamic()) {
                return true;
            }
        }
        for (Coordinate c : boms) {
            if (c.dynamic()) {
                return true;
            }
        }
        return false;
    }
}
