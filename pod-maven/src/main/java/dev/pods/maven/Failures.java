package dev.pods.maven;

import dev.pods.PodDependency;
import dev.pods.PodResolutionException;
import dev.pods.PodResolutionException.Failure;
import dev.pods.PodResolutionException.Reason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.aether.RepositoryException;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.repository.ArtifactRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactDescriptorException;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.resolution.VersionRangeResolutionException;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.ArtifactTransferException;
import org.eclipse.aether.transfer.ChecksumFailureException;
import org.eclipse.aether.transfer.RepositoryOfflineException;

/**
 * Maven Resolver's failures as a {@link PodResolutionException}: Maven's own message first (what
 * a Maven user recognises, e.g. the offline one), then one line per artifact and repository with
 * a reason, and what did resolve. Decided by exception types, never by message text.
 */
final class Failures {
    private Failures() {
    }

    static PodResolutionException of(List<PodDependency> asked, DependencyResolutionException e) {
        List<Failure> failures = new ArrayList<>();
        List<Path> partial = new ArrayList<>();
        DependencyResult result = e.getResult();
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        if (result != null) {
            for (Exception c : result.getCollectExceptions()) {
                collect(c, failures, seen);
            }
            for (ArtifactResult r : result.getArtifactResults()) {
                if (r.isResolved() && r.getArtifact() != null && r.getArtifact().getFile() != null) {
                    partial.add(r.getArtifact().getFile().toPath());
                }
                for (Exception x : r.getExceptions()) {
                    if (!r.isResolved()) {
                        collect(x, failures, seen);
                    }
                }
            }
        }
        if (failures.isEmpty()) {
            collect(e.getCause() != null ? e.getCause() : e, failures, seen);
        }
        String what = asked.stream().map(PodDependency::toString).collect(Collectors.joining(", "));
        return new PodResolutionException("cannot resolve " + what + " with the build's repositories and settings: "
                + mavenMessage(e), dedupe(failures), partial, e);
    }

    /** A failure outside dependency resolution proper (a BOM): {@code what}, then Maven's message. */
    static PodResolutionException of(String what, org.eclipse.aether.RepositoryException e) {
        List<Failure> failures = new ArrayList<>();
        collect(e, failures, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return new PodResolutionException(what + " with the build's repositories and settings: " + mavenMessage(e),
                dedupe(failures), List.of(), e);
    }

    /** The most specific message Maven Resolver gave (the one Maven itself would print). */
    private static String mavenMessage(Throwable e) {
        Throwable t = e;
        String msg = e.getMessage();
        while (t != null) {
            if (t instanceof ArtifactTransferException || t instanceof ArtifactDescriptorException
                    || t instanceof VersionRangeResolutionException) {
                return t.getMessage();
            }
            if (t instanceof ArtifactResolutionException) {
                for (ArtifactResult r : ((ArtifactResolutionException) t).getResults()) {
                    for (Exception x : r.getExceptions()) {
                        return x.getMessage();
                    }
                }
            }
            t = t.getCause();
        }
        return msg == null ? e.getClass().getName() : msg;
    }

    private static void collect(Throwable t, List<Failure> out, Set<Throwable> seen) {
        while (t != null && seen.add(t)) {
            if (t instanceof ArtifactTransferException) {
                ArtifactTransferException x = (ArtifactTransferException) t;
                out.add(new Failure(coordinate(x.getArtifact()), repository(x.getRepository()), reason(x),
                        String.valueOf(x.getMessage())));
                return;
            }
            if (t instanceof ArtifactResolutionException) {
                boolean any = false;
                for (ArtifactResult r : ((ArtifactResolutionException) t).getResults()) {
                    for (Exception x : r.getExceptions()) {
                        collect(x, out, seen);
                        any = true;
                    }
                }
                if (any) {
                    return;
                }
            }
            if (t instanceof VersionRangeResolutionException) {
                VersionRangeResolutionException v = (VersionRangeResolutionException) t;
                String c = v.getResult() != null && v.getResult().getRequest() != null
                        ? coordinate(v.getResult().getRequest().getArtifact()) : "";
                out.add(new Failure(c, "", Reason.INVALID, String.valueOf(v.getMessage())));
                return;
            }
            if (t.getCause() == null || !(t instanceof RepositoryException)) {
                String c = t instanceof ArtifactDescriptorException && ((ArtifactDescriptorException) t).getResult() != null
                        ? coordinate(((ArtifactDescriptorException) t).getResult().getRequest().getArtifact()) : "";
                out.add(new Failure(c, "", Reason.OTHER, String.valueOf(t.getMessage())));
                return;
            }
            t = t.getCause();
        }
    }

    private static Reason reason(ArtifactTransferException x) {
        for (Throwable t = x; t != null; t = t.getCause()) {
            // Offline, Maven Resolver reports "not downloaded before" as not-found caused by this.
            if (t instanceof RepositoryOfflineException) {
                return Reason.OFFLINE_NOT_CACHED;
            }
            if (t instanceof ChecksumFailureException) {
                return Reason.CHECKSUM;
            }
        }
        if (x instanceof ArtifactNotFoundException) {
            return Reason.NOT_FOUND;
        }
        return Reason.UNREACHABLE;
    }

    private static String coordinate(Artifact a) {
        return a == null ? "" : a.toString();
    }

    private static String repository(ArtifactRepository r) {
        if (r instanceof RemoteRepository) {
            return r.getId() + " (" + ((RemoteRepository) r).getUrl() + ")";
        }
        return r == null ? "" : r.getId();
    }

    private static List<Failure> dedupe(List<Failure> failures) {
        Map<String, Failure> byKey = new java.util.LinkedHashMap<>();
        for (Failure f : failures) {
            byKey.putIfAbsent(f.coordinate() + "|" + f.repository() + "|" + f.reason(), f);
        }
        return List.copyOf(new LinkedHashSet<>(byKey.values()));
    }
}
