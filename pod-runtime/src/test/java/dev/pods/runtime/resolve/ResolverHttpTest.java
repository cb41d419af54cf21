package dev.pods.runtime.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.pods.PodEnv;
import dev.pods.PodResolutionException;
import dev.pods.PodResolutionException.Reason;
import dev.pods.testing.FakeRepo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings that only matter over HTTP: server credentials, proxies, and the reasons
 * "unauthorized" and "unreachable". A JDK HttpServer on the loopback serves a FakeRepo.
 */
@Timeout(60)
class ResolverHttpTest {
    @TempDir
    Path tmp;
    FakeRepo repo;
    HttpServer server;
    final AtomicInteger hits = new AtomicInteger();
    volatile String requiredAuth;

    @BeforeEach
    void setUp() throws IOException {
        repo = FakeRepo.at(tmp.resolve("remote"));
        repo.artifact("com.acme:a:1.0").dependency("com.acme:b:1.0").publish();
        repo.artifact("com.acme:b:1.0").publish();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            hits.incrementAndGet();
            try (ex) {
                String auth = requiredAuth;
                if (auth != null && !auth.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
                    ex.sendResponseHeaders(401, -1);
                    return;
                }
                String path = ex.getRequestURI().getPath();
                Path f = repo.root().resolve(path.substring(1)).normalize();
                if (!f.startsWith(repo.root()) || !Files.isRegularFile(f)) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] bytes = Files.readAllBytes(f);
                if (ex.getRequestMethod().equals("HEAD")) {
                    ex.sendResponseHeaders(200, -1);
                    return;
                }
                ex.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private PodEnv env(URI uri) {
        return PodEnv.empty().withDefaultRepositories(false).withRepository("secure", uri)
                .withLocalRepository(tmp.resolve("local")).withDependencies("com.acme:a:1.0");
    }

    @Test
    void serverCredentialsFromSettingsAreSentAndTheirAbsenceIsUnauthorized() throws IOException {
        requiredAuth = "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
        try (Resolver r = Resolver.builder().diskCache(false).build()) {
            PodResolutionException e = assertThrows(PodResolutionException.class, () -> r.resolve(env(base())));
            assertTrue(e.failures().stream().anyMatch(f -> f.reason() == Reason.UNAUTHORIZED
                    && f.repository().startsWith("secure (")), e.getMessage());

            Path settings = tmp.resolve("settings.xml");
            Files.writeString(settings, "<settings><servers><server><id>secure</id><username>alice</username>"
                    + "<password>s3cret</password></server></servers></settings>");
            Resolution res = r.resolve(env(base()).withSettings(settings));
            assertEquals(List.of("a-1.0.jar", "b-1.0.jar"),
                    res.classpath().stream().map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aProxyFromSettingsCarriesTheRequests() throws IOException {
        Path settings = tmp.resolve("settings.xml");
        Files.writeString(settings, "<settings><proxies><proxy><id>p</id><active>true</active><protocol>http</protocol>"
                + "<host>127.0.0.1</host><port>" + server.getAddress().getPort() + "</port></proxy></proxies></settings>");
        // The repository's host does not exist: only the proxy can answer for it.
        PodEnv env = env(URI.create("http://repo.pods-test.invalid/")).withSettings(settings);
        try (Resolver r = Resolver.builder().diskCache(false).build()) {
            Resolution res = r.resolve(env);
            assertEquals(2, res.classpath().size());
            assertTrue(hits.get() > 0);
        }
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (Resolver r = Resolver.builder().diskCache(false).build()) {
            PodResolutionException e = assertThrows(PodResolutionException.class,
                    () -> r.resolve(env(URI.create("http://127.0.0.1:" + port + "/"))));
            assertTrue(e.failures().stream().anyMatch(f -> f.reason() == Reason.UNREACHABLE
                    && f.coordinate().equals("com.acme:a:1.0")), e.getMessage());
            assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        }
    }

    @Test
    void anEnvWithoutDependenciesResolvesToNothingWithoutStartingMavenResolver() {
        try (Resolver r = Resolver.create()) {
            Resolution res = r.resolve(PodEnv.empty());
            assertEquals(List.of(), res.classpath());
            assertEquals("", res.tree());
            assertTrue(res.graph().vertexSet().isEmpty());
            assertTrue(!r.engineStarted());
        }
    }
}
