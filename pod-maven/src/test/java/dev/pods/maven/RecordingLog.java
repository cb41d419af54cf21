package dev.pods.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.Log;

/** A mojo's Log that keeps every line as "LEVEL text", in order. Thread-safe. */
final class RecordingLog implements Log {
    private final List<String> lines = new ArrayList<>();

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    private synchronized void add(String level, CharSequence s) {
        lines.add(level + " " + s);
    }

    @Override public boolean isDebugEnabled() { return true; }
    @Override public void debug(CharSequence s) { add("DEBUG", s); }
    @Override public void debug(CharSequence s, Throwable t) { add("DEBUG", s); }
    @Override public void debug(Throwable t) { add("DEBUG", t.toString()); }
    @Override public boolean isInfoEnabled() { return true; }
    @Override public void info(CharSequence s) { add("INFO", s); }
    @Override public void info(CharSequence s, Throwable t) { add("INFO", s); }
    @Override public void info(Throwable t) { add("INFO", t.toString()); }
    @Override public boolean isWarnEnabled() { return true; }
    @Override public void warn(CharSequence s) { add("WARN", s); }
    @Override public void warn(CharSequence s, Throwable t) { add("WARN", s); }
    @Override public void warn(Throwable t) { add("WARN", t.toString()); }
    @Override public boolean isErrorEnabled() { return true; }
    @Override public void error(CharSequence s) { add("ERROR", s); }
    @Override public void error(CharSequence s, Throwable t) { add("ERROR", s); }
    @Override public void error(Throwable t) { add("ERROR", t.toString()); }
}
