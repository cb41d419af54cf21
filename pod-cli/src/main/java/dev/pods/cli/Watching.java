package dev.pods.cli;

/** The body of {@code pods watch}, on the pool module's reload loop. */
final class Watching {
    private Watching() {
    }

    static int run(WatchCommand cmd) {
        throw new UserException("pods watch needs the reload loop, which this build does not have yet");
    }
}
