package dev.pods.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * An EngineTestKit run as readable maps keyed by the display-name path below the engine, e.g.
 * {@code "LibTest / LibTest [lib 1.0] / upper()"}, so that a test compares the whole tree at once.
 */
final class Outcomes {
    private Outcomes() {
    }

    /** Path to outcome: {@code SUCCESSFUL}, {@code FAILED <throwable class>}, {@code ABORTED}, {@code SKIPPED}. */
    static Map<String, String> of(EngineExecutionResults r) {
        Map<String, String> m = new TreeMap<>();
        for (Event e : r.allEvents().finished().list()) {
            TestExecutionResult res = e.getPayload(TestExecutionResult.class).orElseThrow();
            String v = res.getStatus().name();
            if (res.getStatus() == TestExecutionResult.Status.FAILED) {
                v += " " + res.getThrowable().map(t -> t.getClass().getName()).orElse("?");
            }
            put(m, e.getTestDescriptor(), v);
        }
        for (Event e : r.allEvents().skipped().list()) {
            put(m, e.getTestDescriptor(), "SKIPPED");
        }
        m.remove("");
        return m;
    }

    /** The throwable a node finished with. */
    static Throwable throwable(EngineExecutionResults r, String path) {
        return result(r, path).getThrowable().orElseThrow(() -> new AssertionError(path + " has no throwable"));
    }

    static TestExecutionResult result(EngineExecutionResults r, String path) {
        for (Event e : r.allEvents().finished().list()) {
            if (path(e.getTestDescriptor()).equals(path)) {
                return e.getPayload(TestExecutionResult.class).orElseThrow();
            }
        }
        throw new AssertionError("no node " + path + " in " + of(r).keySet());
    }

    /** Path to the report entries published on it, each {@code key=value}. */
    static Map<String, List<String>> entries(EngineExecutionResults r) {
        Map<String, List<String>> m = new TreeMap<>();
        for (Event e : r.allEvents().reportingEntryPublished().list()) {
            ReportEntry entry = e.getPayload(ReportEntry.class).orElseThrow();
            List<String> list = m.computeIfAbsent(path(e.getTestDescriptor()), k -> new ArrayList<>());
            entry.getKeyValuePairs().forEach((k, v) -> list.add(k + "=" + v));
        }
        return m;
    }

    /** The entries with {@code key} anywhere in the run. */
    static List<String> entries(EngineExecutionResults r, String key) {
        List<String> out = new ArrayList<>();
        entries(r).forEach((path, list) -> list.stream().filter(s -> s.startsWith(key + "="))
                .forEach(s -> out.add(path + ": " + s)));
        return out;
    }

    private static void put(Map<String, String> m, TestDescriptor d, String v) {
        m.put(path(d), v);
    }

    static String path(TestDescriptor d) {
        List<String> names = new ArrayList<>();
        for (Optional<TestDescriptor> c = Optional.of(d); c.isPresent() && c.get().getParent().isPresent();
             c = c.get().getParent()) {
            names.add(0, c.get().getDisplayName());
        }
        return String.join(" / ", names);
    }
}
