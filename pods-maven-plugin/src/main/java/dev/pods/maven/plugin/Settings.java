package dev.pods.maven.plugin;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.apache.maven.plugin.MojoExecutionException;

/** The goals' parameters checked and parsed, each bad value refused with what was expected. */
final class Settings {
    private Settings() {
    }

    static String mainClass(String s) throws MojoExecutionException {
        if (s == null || s.isBlank()) {
            throw new MojoExecutionException("no main class: set <mainClass> or -Dpods.mainClass=com.acme.Main");
        }
        String t = s.trim();
        boolean start = true;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean ok = start ? Character.isJavaIdentifierStart(c) : (c == '.' || c == '$' || Character.isJavaIdentifierPart(c));
            if (!ok) {
                throw new MojoExecutionException("'" + s + "' is not a class name; give a binary class name such as com.acme.Main");
            }
            start = c == '.';
        }
        if (start) {
            throw new MojoExecutionException("'" + s + "' is not a class name; give a binary class name such as com.acme.Main");
        }
        return t;
    }

    /**
     * A timeout: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT30S});
     * null or blank for none.
     */
    static Duration timeout(String s) throws MojoExecutionException {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.trim().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (t.startsWith("p")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            } else if (t.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            } else if (t.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            } else if (t.endsWith("h")) {
                d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            } else {
                throw new NumberFormatException("no unit");
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new MojoExecutionException("timeout '" + s + "' is not a duration; give e.g. 500ms, 30s, 2m, 1h or PT30S");
        }
        if (d.isNegative() || d.isZero()) {
            throw new MojoExecutionException("timeout '" + s + "' must be positive");
        }
        return d;
    }

    static String scope(String s) throws MojoExecutionException {
        String t = s == null ? "runtime" : s.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "compile":
            case "runtime":
            case "test":
                return t;
            default:
                throw new MojoExecutionException("classpathScope '" + s + "' is not one of compile, runtime, test");
        }
    }
}
