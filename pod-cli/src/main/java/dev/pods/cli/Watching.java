package dev.pods.cli;

import dev.pods.PodClosedException;
import dev.pods.PodEnv;
import dev.pods.pool.Reloader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The body of {@code pods watch}, on the pool module's {@link Reloader}: prints one line per
 * reset and runs until interrupted (Ctrl-C closes the loop: the system is stopped, the pool
 * closed).
 */
final class Watching {
    private Watching() {
    }

    static int run(WatchCommand cmd) throws InterruptedException {
        PodEnv env = cmd.routed(cmd.env.toEnv("watch"));
        // Every reset's pod takes the dependencies' one resolution from the maker's resolver.
        try (PodMaker maker = new PodMaker(cmd)) {
            return run(cmd, env, maker);
        }
    }

    private static int run(WatchCommand cmd, PodEnv env, PodMaker maker) throws InterruptedException {
        int limit = cmd.maxResets == null ? Integer.MAX_VALUE : cmd.maxResets;
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean lastOk = new AtomicBoolean();
        Reloader reloader;
        try {
            Reloader.Builder b = Reloader.builder(env).classes(cmd.classes).start(cmd.start).podFactory(maker::create)
                    .listener(reset -> {
                        lastOk.set(reset.succeeded());
                        if (reset.succeeded()) {
                            cmd.info((reset.generation() == 1 ? "started" : "reset #" + reset.generation())
                                    + " in " + Timer.format(reset.duration().toNanos()) + how(reset.kind())
                                    + (reset.changed().isEmpty() ? "" : " (" + reset.changed().size() + " files changed)"));
                        } else {
                            cmd.err().println("pods: " + (reset.generation() == 1 ? "start" : "reset #" + reset.generation())
                                    + " failed: " + Errors.message(reset.failure().get())
                                    + "; fix it and save, the loop keeps watching");
                        }
                        if (reset.generation() >= limit) {
                            done.countDown();
                        }
                    });
            if (cmd.stop != null) {
                b.stop(cmd.stop);
            }
            reloader = b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserException(e.getMessage(), e);
        }
        Thread hook = new Thread(reloader::close, "pods-watch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Reloader r = reloader) {
            cmd.info("watching " + cmd.classes + " (Ctrl-C to stop; type :reset and Enter for a full reset)");
            r.start();
            Thread commands = new Thread(() -> readCommands(cmd, r), "pods-watch-commands");
            commands.setDaemon(true); // blocked on a terminal's input until the JVM ends
            commands.start();
            done.await();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it closes the loop
            }
        }
        return lastOk.get() ? Main.OK : Main.USER_ERROR;
    }

    private static String how(Reloader.Kind kind) {
        return switch (kind) {
            case START -> "";
            case REFRESH -> ", refreshed in the running pod";
            case WARM_POD -> ", in a fresh warm pod";
        };
    }

    /**
     * Lines typed while watching: {@code :reset} moves the system to a fresh warm pod (nothing of
     * the old pod's state survives). The end of the input ends only this reader, not the loop.
     */
    private static void readCommands(WatchCommand cmd, Reloader r) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(cmd.stdin, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.strip();
                if (command.equals(":reset")) {
                    r.fullReset(); // the listener prints the outcome
                } else if (!command.isEmpty()) {
                    cmd.err().println("pods: '" + command + "' is not a watch command; type :reset for a full reset,"
                            + " Ctrl-C to stop");
                }
            }
        } catch (IOException e) {
            cmd.detail("reading commands stopped: " + e);
        } catch (PodClosedException e) {
            // the loop was closed while a command ran
        }
    }
}
