package dev.pods.maven;

import java.nio.file.Path;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.connector.basic.BasicRepositoryConnectorFactory;
import org.eclipse.aether.impl.DefaultServiceLocator;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.spi.connector.RepositoryConnectorFactory;
import org.eclipse.aether.spi.connector.transport.TransporterFactory;
import org.eclipse.aether.transport.file.FileTransporterFactory;

/**
 * A real Maven Resolver 1.6 system (the one Maven 3.8 runs) over {@code file:} repositories, set
 * up as Maven sets up its own: what a mojo's injected {@code RepositorySystem} and session are.
 */
final class Resolver16 {
    static final RepositorySystem SYSTEM = system();

    private Resolver16() {
    }

    @SuppressWarnings("deprecation")
    private static RepositorySystem system() {
        DefaultServiceLocator locator = MavenRepositorySystemUtils.newServiceLocator();
        locator.addService(RepositoryConnectorFactory.class, BasicRepositoryConnectorFactory.class);
        locator.addService(TransporterFactory.class, FileTransporterFactory.class);
        RepositorySystem s = locator.getService(RepositorySystem.class);
        if (s == null) {
            throw new IllegalStateException("Maven Resolver 1.6 did not start");
        }
        return s;
    }

    /** A session like the build's, resolving into {@code localRepo}. */
    static DefaultRepositorySystemSession session(Path localRepo) {
        DefaultRepositorySystemSession s = MavenRepositorySystemUtils.newSession();
        s.setLocalRepositoryManager(SYSTEM.newLocalRepositoryManager(s, new LocalRepository(localRepo.toFile())));
        // Maven passes the JVM's properties; resolution of some poms needs java.version and friends.
        s.setSystemProperties(System.getProperties());
        return s;
    }
}
