package dev.pods.junit;

import dev.pods.PodEnv;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The run's settings, read once from JUnit configuration parameters (launcher request,
 * {@code junit-platform.properties}, system properties). Immutable.
 *
 * @param userSettings        honour {@code ~/.m2/settings.xml} and the global settings (default true)
 * @param settingsFile        a settings file instead of the user's
 * @param localRepository     the local repository instead of the settings' one
 * @param offline             resolve from the local repository only (default: as settings say)
 * @param defaultRepositories search Maven's {@code central} (default true)
 * @param repositories        more remote repositories, id to URI
 * @param classpath           the test classpath, when it cannot be discovered
 * @param poolSize            warm pods kept per version (default 0: made on demand)
 * @param reuse               one pod per version for the whole run instead of one per class (default false)
 * @param prepareAhead        versions whose pods are prepared in the background while another runs (default:
 *                            the processors, at most 4)
 * @param leakTimeout         how long to wait for a closed pod's loader to be collected (zero: no check)
 * @param sharedJUnit         whether a class's pods share one copy of JUnit (default: see
 *                            {@link JUnitLayer.Contents#wantsLayer})
 * @param forwarded           Jupiter configuration parameters handed to the run inside the pod
 */
record Config(boolean userSettings, Optional<Path> settingsFile, Optional<Path> localRepository,
              Optional<Boolean> offline, boolean defaultRepositories, Map<String, URI> repositories,
              Optional<String> classpath, int poolSize, boolean reuse, int prepareAhead, Duration leakTimeout,
              Optional<Boolean> sharedJUnit, Map<String, String> forwarded) {

    static final String PREFIX = "dev.pods.junit.";
    static final String USER_SETTINGS = PREFIX + "userSettings";
    static final String SETTINGS = PREFIX + "settings";
    static final String LOCAL_REPOSITORY = PREFIX + "localRepository";
    static final String OFFLINE = PREFIX + "offline";
    static final String DEFAULT_REPOSITORIES = PREFIX + "defaultRepositories";
    static final String REPOSITORIES = PREFIX + "repositories";
    static final String CLASSPATH = PREFIX + "classpath";
    static final String POOL_SIZE = PREFIX + "pool.size";
    static final String REUSE = PREFIX + "pool.reuse";
    static final String PREPARE_AHEAD = PREFIX + "prepareAhead";
    static final String LEAK_TIMEOUT = PREFIX + "leakCheck.timeout";
    static final String SHARED_JUNIT = PREFIX + "sharedJUnit";

    /** Jupiter's settings that shape how a class runs; the pod's run sees the host run's values. */
    static final List<String> JUPITER_KEYS = List.of(
            "junit.jupiter.conditions.deactivate",
            "junit.jupiter.displayname.generator.default",
            "junit.jupiter.execution.parallel.enabled",
            "junit.jupiter.execution.parallel.mode.default",
            "junit.jupiter.execution.parallel.mode.classes.default",
            "junit.jupiter.execution.parallel.config.strategy",
            "junit.jupiter.execution.parallel.config.dynamic.factor",
            "junit.jupiter.execution.parallel.config.fixed.parallelism",
            "junit.jupiter.execution.parallel.config.fixed.max-pool-size",
            "junit.jupiter.execution.parallel.config.fixed.saturate",
            "junit.jupiter.execution.parallel.config.custom.class",
            "junit.jupiter.execution.timeout.default",
            "junit.jupiter.execution.timeout.mode",
            "junit.jupiter.execution.timeout.testable.method.default",
            "junit.jupiter.execution.timeout.test.method.default",
            "junit.jupiter.execution.timeout.testtemplate.method.default",
            "junit.jupiter.execution.timeout.testfactory.method.default",
            "junit.jupiter.execution.timeout.lifecycle.method.default",
            "junit.jupiter.execution.timeout.beforeall.method.default",
            "junit.jupiter.execution.timeout.beforeeach.method.default",
            "junit.jupiter.execution.timeout.aftereach.method.default",
            "junit.jupiter.execution.timeout.afterall.method.default",
            "junit.jupiter.execution.timeout.thread.mode.default",
            "junit.jupiter.execution.timeout.threaddump.enabled",
            "junit.jupiter.extensions.autodetection.enabled",
            "junit.jupiter.extensions.autodetection.include",
            "junit.jupiter.extensions.autodetection.exclude",
            "junit.jupiter.extensions.testinstantiation.extensioncontextscope.default",
            "junit.jupiter.tempdir.factory.default",
            "junit.jupiter.tempdir.scope",
            "junit.jupiter.testclass.order.default",
            "junit.jupiter.testinstance.lifecycle.default",
            "junit.jupiter.testmethod.order.default");

    /** Reads the settings; a malformed value is a {@link PodMatrixException} naming the key. */
    static Config read(Function<String, Optional<String>> params) {
        Map<String, String> forwarded = new LinkedHashMap<>();
        for (String k : JUPITER_KEYS) {
            params.apply(k).ifPresent(v -> forwarded.put(k, v));
        }
        return new Config(
                bool(params, USER_SETTINGS).orElse(true),
                params.apply(SETTINGS).map(s -> Path.of(s.trim())),
                params.apply(LOCAL_REPOSITORY).map(s -> Path.of(s.trim())),
                bool(params, OFFLINE),
                bool(params, DEFAULT_REPOSITORIES).orElse(true),
                repositories(params.apply(REPOSITORIES).orElse("")),
                params.apply(CLASSPATH).filter(s -> !s.isBlank()),
                integer(params, POOL_SIZE, 0),
                bool(params, REUSE).orElse(false),
                integer(params, PREPARE_AHEAD, Math.min(4, Runtime.getRuntime().availableProcessors())),
                Duration.ofMillis(integer(params, LEAK_TIMEOUT, 2000)),
                bool(params, SHARED_JUNIT),
                Map.copyOf(forwarded));
    }

    /** The env every pod's resolution starts from: the user's Maven settings unless turned off. */
    PodEnv baseEnv() {
        PodEnv env = userSettings ? PodEnv.current() : PodEnv.empty();
        if (settingsFile.isPresent()) {
            env = env.withSettings(settingsFile.get());
        }
        if (localRepository.isPresent()) {
            env = env.withLocalRepository(localRepository.get());
        }
        if (offline.isPresent()) {
            env = env.withOffline(offline.get());
        }
        env = env.withDefaultRepositories(defaultRepositories);
        for (Map.Entry<String, URI> r : repositories.entrySet()) {
            env = env.withRepository(r.getKey(), r.getValue());
        }
        return env;
    }

    private static Optional<Boolean> bool(Function<String, Optional<String>> params, String key) {
        Optional<String> v = params.apply(key).map(String::trim);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get().equalsIgnoreCase("true")) {
            return Optional.of(true);
        }
        if (v.get().equalsIgnoreCase("false")) {
            return Optional.of(false);
        }
        throw new PodMatrixException("configuration parameter " + key + " is '" + v.get() + "'; give true or false");
    }

    private static int integer(Function<String, Optional<String>> params, String key, int dflt) {
        Optional<String> v = params.apply(key).map(String::trim);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new PodMatrixException("configuration parameter " + key + " is '" + v.get()
                + "'; give a whole number, 0 or more");
    }

    /** {@code id=uri,id2=uri2}. */
    static Map<String, URI> repositories(String spec) {
        Map<String, URI> repos = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new PodMatrixException("configuration parameter " + REPOSITORIES + " has '" + p
                        + "'; give id=uri pairs separated by commas, e.g. staging=https://repo.example.com/staging");
            }
            try {
                URI uri = new URI(p.substring(eq + 1).trim());
                if (!uri.isAbsolute()) {
                    throw new URISyntaxException(uri.toString(), "not absolute");
                }
                repos.put(p.substring(0, eq).trim(), uri);
            } catch (URISyntaxException e) {
                throw new PodMatrixException("configuration parameter " + REPOSITORIES + " has '" + p
                        + "', whose URI is not an absolute URI (" + e.getMessage() + ")");
            }
        }
        return Collections.unmodifiableMap(repos); // order matters: repositories are searched in it
    }
}
