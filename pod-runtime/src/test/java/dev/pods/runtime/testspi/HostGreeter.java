package dev.pods.runtime.testspi;

/** The host's own Greeter service (a pod must not see it through ServiceLoader). */
public final class HostGreeter implements Greeter {
    @Override
    public String greet(String who) {
        return "host " + who;
    }

    @Override
    public Point move(Point p, int dx) {
        return new Point(p.x() + dx, p.y());
    }

    @Override
    public String version() {
        return "host";
    }
}
