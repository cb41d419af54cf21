package dev.pods.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes {@code RESULTS.md} from JMH JSON result files: one row per benchmark with its median,
 * unit, goal, baseline (from {@link Baseline}) and the ratio of the two medians measured in
 * the same run.
 *
 * <pre>{@code $ java -cp pod-bench/target/benchmarks.jar dev.pods.bench.Report out.md results/*.json}</pre>
 */
public final class Report {
    private Report() {
    }

    /** One benchmark's result. */
    record Row(String benchmark, String mode, double median, String unit, int samples) {
        String className() {
            return benchmark.substring(0, benchmark.lastIndexOf('.'));
        }

        String method() {
            return benchmark.substring(benchmark.lastIndexOf('.') + 1);
        }

        String shortName() {
            String c = className();
            return c.substring(c.lastIndexOf('.') + 1) + "." + method();
        }

        double nanos() {
            return median * nanosPer(unit);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Report OUT.md RESULT.json...");
            System.exit(1);
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            for (Row r : read(Path.of(args[i]))) {
                rows.put(r.benchmark(), r);
            }
        }
        Path out = Path.of(args[0]);
        String previous = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
        Files.writeString(out, keepOthers(markdown(rows), previous), StandardCharsets.UTF_8);
    }

    /**
     * {@code fresh} with the rows of {@code previous} whose benchmark class it does not have: a
     * run of some classes replaces their rows and keeps the others' (whose JSON may be gone, as
     * in a fresh clone), all in name order.
     */
    static String keepOthers(String fresh, String previous) {
        List<String> freshRows = tableRows(fresh);
        Set<String> classes = new HashSet<>();
        freshRows.forEach(r -> classes.add(rowClass(r)));
        TreeMap<String, List<String>> byClass = new TreeMap<>();
        for (String r : freshRows) {
            byClass.computeIfAbsent(rowClass(r), k -> new ArrayList<>()).add(r);
        }
        for (String r : tableRows(previous)) {
            if (!classes.contains(rowClass(r))) {
                byClass.computeIfAbsent(rowClass(r), k -> new ArrayList<>()).add(r);
            }
        }
        List<String> merged = new ArrayList<>();
        byClass.values().forEach(merged::addAll);
        List<String> lines = new ArrayList<>(List.of(fresh.split("\n", -1)));
        int first = -1;
        int last = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (isRow(lines.get(i))) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0) {
            return fresh;
        }
        List<String> out = new ArrayList<>(lines.subList(0, first));
        out.addAll(merged);
        out.addAll(lines.subList(last + 1, lines.size()));
        return String.join("\n", out);
    }

    private static List<String> tableRows(String markdown) {
        List<String> rows = new ArrayList<>();
        for (String l : markdown.split("\n")) {
            if (isRow(l)) {
                rows.add(l);
            }
        }
        return rows;
    }

    private static boolean isRow(String line) {
        return line.startsWith("| ") && !line.startsWith("| benchmark ") && !line.startsWith("| ---");
    }

    private static String rowClass(String row) {
        String name = row.substring(2, row.indexOf(' ', 2));
        return name.substring(0, name.indexOf('.'));
    }

    static List<Row> read(Path json) throws IOException {
        List<Row> out = new ArrayList<>();
        JsonElement root = JsonParser.parseString(Files.readString(json));
        if (!root.isJsonArray()) {
            return out;
        }
        for (JsonElement e : root.getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            JsonObject pm = o.getAsJsonObject("primaryMetric");
            double median = pm.has("scorePercentiles") && pm.getAsJsonObject("scorePercentiles").has("50.0")
                    ? pm.getAsJsonObject("scorePercentiles").get("50.0").getAsDouble()
                    : pm.get("score").getAsDouble();
            int samples = 0;
            if (pm.has("rawData")) {
                for (JsonElement fork : pm.getAsJsonArray("rawData")) {
                    samples += ((JsonArray) fork).size();
                }
            }
            out.add(new Row(o.get("benchmark").getAsString(), o.get("mode").getAsString(), median,
                    pm.get("scoreUnit").getAsString(), samples));
        }
        return out;
    }

    static String markdown(Map<String, Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Benchmark results\n\n")
                .append("Written by `pod-bench/run.sh` from JMH's JSON results (short settings: one fork, few iterations;\n")
                .append("read the numbers as magnitudes). Median of the measured iterations; the ratio is the\n")
                .append("baseline's median against the benchmark's, both measured in the same run.\n\n")
                .append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", ").append(System.getProperty("os.name"))
                .append("\n\n")
                .append("| benchmark | mode | median | unit | goal | baseline | baseline median | ratio |\n")
                .append("| --- | --- | ---: | --- | --- | --- | ---: | ---: |\n");
        for (Row r : rows.values()) {
            String goal = "";
            String baseline = "";
            Method m = method(r);
            if (m != null) {
                Goal g = m.getAnnotation(Goal.class);
                goal = g == null ? "" : g.value();
                Baseline b = m.getAnnotation(Baseline.class);
                baseline = b == null ? "" : b.value();
            }
            Row base = baseline.isEmpty() ? null : rows.get(r.className() + "." + baseline);
            sb.append("| ").append(r.shortName())
                    .append(" | ").append(r.mode())
                    .append(" | ").append(number(r.median()))
                    .append(" | ").append(r.unit())
                    .append(" | ").append(goal.replace("|", "\\|"))
                    .append(" | ").append(baseline.isEmpty() ? "" : baseline)
                    .append(" | ").append(base == null ? (baseline.isEmpty() ? "" : "not run")
                            : number(base.median()) + " " + base.unit())
                    .append(" | ").append(base == null ? "" : ratio(base.nanos() / r.nanos()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** "12.3x faster" or "4.5x slower" than the baseline. */
    static String ratio(double baselineOverScore) {
        return baselineOverScore >= 1
                ? String.format(Locale.ROOT, baselineOverScore >= 100 ? "%.0fx faster" : "%.1fx faster", baselineOverScore)
                : String.format(Locale.ROOT, "%.1fx slower", 1 / baselineOverScore);
    }

    private static Method method(Row r) {
        try {
            for (Method m : Class.forName(r.className()).getMethods()) {
                if (m.getName().equals(r.method())) {
                    return m;
                }
            }
        } catch (ClassNotFoundException e) {
            return null;
        }
        return null;
    }

    static String number(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static double nanosPer(String unit) {
        String u = unit.endsWith("/op") ? unit.substring(0, unit.length() - 3) : unit;
        switch (u) {
            case "ns":
                return 1;
            case "us":
                return 1e3;
            case "ms":
                return 1e6;
            case "s":
                return 1e9;
            case "min":
                return 60e9;
            default:
                return Double.NaN;
        }
    }
}
