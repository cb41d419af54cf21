package dev.pods.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with left-aligned columns, for the demo. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    void row(String... cells) {
        rows.add(cells);
    }

    void print(PrintWriter out) {
        int n = rows.get(0).length;
        int[] width = new int[n];
        for (String[] r : rows) {
            for (int i = 0; i < n; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        boolean first = true;
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.append(String.format("%-" + Math.max(1, width[i]) + "s", r[i]));
                if (i < n - 1) {
                    sb.append("  ");
                }
            }
            out.println(sb.toString().stripTrailing());
            if (first) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    line.append("-".repeat(width[i])).append(i < n - 1 ? "  " : "");
                }
                out.println(line);
                first = false;
            }
        }
    }
}
