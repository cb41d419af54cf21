/**
 * Pod class loading: {@link dev.pods.runtime.loader.PodClassLoader} (child-first over the pod's
 * classpath; the JDK's packages, {@code dev.pods} and the env's shared packages from the host; no
 * fallback), which answers like the JDK's {@link java.net.URLClassLoader} over the same files
 * (folder resources, URL text, manifest package attributes, code sources, {@code getURLs()}) from
 * jars it opens itself at create; and {@link dev.pods.runtime.loader.LeakWatcher}, which reports
 * closed pods whose loader is still reachable as {@link dev.pods.PodLeak}s.
 */
package dev.pods.runtime.loader;
