package dev.pods.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * A small Clojure system in the reloaded-workflow style, written as source files: three
 * namespaces ({@code app.config} &lt;- {@code app.component} &lt;- {@code dev}) and one
 * atom-holding component. {@code dev/go} starts it, {@code dev/halt} stops it, {@code dev/greeting}
 * answers the config's greeting through the running component; with a log file, start and stop
 * append {@code "start <greeting>"} and {@code "stop <greeting>"} to it.
 */
public final class ClojureSystem {
    private ClojureSystem() {
    }

    /** Writes the three namespaces under {@code src}; {@code log} may be null. */
    public static void write(Path src, String greeting, Path log) {
        config(src, greeting);
        String logExpr = log == null ? "nil" : "\"" + log.toString().replace("\\", "\\\\") + "\"";
        file(src.resolve("app/component.clj"), "(ns app.component\n"
                + "  (:require [app.config :as config]))\n"
                + "(def log-file " + logExpr + ")\n"
                + "(defn- log [s] (when log-file (spit log-file (str s \"\\n\") :append true)))\n"
                + "(defn start []\n"
                + "  (log (str \"start \" config/greeting))\n"
                + "  (atom {:greeting config/greeting :requests 0}))\n"
                + "(defn stop [component]\n"
                + "  (log (str \"stop \" (:greeting @component)))\n"
                + "  (reset! component nil))\n");
        file(src.resolve("dev.clj"), "(ns dev\n"
                + "  (:require [app.component :as component]))\n"
                + "(defonce system (atom nil))\n"
                + "(defn go [] (reset! system (component/start)) :started)\n"
                + "(defn halt [] (when-let [c @system] (component/stop c)) (reset! system nil) :stopped)\n"
                + "(defn greeting [] (:greeting (swap! @system update :requests inc)))\n");
    }

    /** Changes the config namespace (only): a reload must reload its dependents too. */
    public static void config(Path src, String greeting) {
        file(src.resolve("app/config.clj"), "(ns app.config)\n(def greeting \"" + greeting + "\")\n");
    }

    /** A config namespace that does not read. */
    public static void breakConfig(Path src) {
        file(src.resolve("app/config.clj"), "(ns app.config)\n(def greeting \"unterminated\n");
    }

    private static void file(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            // later than any scan so far, whatever the file system's timestamp resolution
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(2)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
