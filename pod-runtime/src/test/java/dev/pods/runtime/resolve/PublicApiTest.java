package dev.pods.runtime.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Pins what the resolve package makes public: everything else stays package-private. */
class PublicApiTest {
    private static final List<Class<?>> ALL = List.of(Resolver.class, Resolver.Builder.class,
            Resolver.ChecksumPolicy.class, Resolution.class, Resolution.Origin.class, ResolvedArtifact.class,
            Conflict.class, TransferListener.class, TransferListener.Kind.class, TransferListener.Event.class,
            Engine.class, Tree.class, DiskCache.class, Coordinate.class, Request.class, InFlight.class,
            GraphBuilder.class, ManagedVersion.class, Management.class);

    @Test
    void onlyTheApiIsPublic() {
        Set<String> pub = new TreeSet<>();
        for (Class<?> c : ALL) {
            if (Modifier.isPublic(c.getModifiers())) {
                pub.add(c.getName().substring(c.getPackageName().length() + 1));
            }
        }
        assertEquals(new TreeSet<>(Set.of("Conflict", "ManagedVersion", "Resolution", "Resolution$Origin", "ResolvedArtifact",
                "Resolver", "Resolver$Builder", "Resolver$ChecksumPolicy", "TransferListener",
                "TransferListener$Event", "TransferListener$Kind")), pub);
    }
}
