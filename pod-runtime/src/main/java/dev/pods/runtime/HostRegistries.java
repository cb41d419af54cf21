package dev.pods.runtime;

import dev.pods.runtime.loader.PodClassLoader;
import dev.pods.runtime.loader.PodClassLoader.JdkArea;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 5 of close: takes the pod's objects out of the JVM-wide registries that public JDK API can
 * edit: {@code java.util.logging} handlers and filters, platform MBeans, the default uncaught
 * exception handler, JDBC drivers, security providers, the {@code java.beans.Introspector} cache
 * and {@code ResourceBundle}'s cache. A registry the pod never touched (no class of its package was
 * loaded through the pod's loader) is not looked at, so closing a pod never starts JMX or logging.
 * Returns what it could not undo, for the leak report.
 */
final class HostRegistries {
    private static final Logger LOG = LoggerFactory.getLogger(HostRegistries.class);

    private HostRegistries() {
    }

    static List<String> clean(String pod, PodClassLoader loader) {
        List<String> notes = new ArrayList<>();
        run(notes, "JDBC drivers", () -> {
            List<String> drivers = loader.deregisterJdbcDrivers();
            if (!drivers.isEmpty()) {
                LOG.debug("pod '{}': deregistered JDBC drivers {}", pod, drivers);
            }
        });
        run(notes, "the default uncaught exception handler", () -> {
            Thread.UncaughtExceptionHandler h = Thread.getDefaultUncaughtExceptionHandler();
            if (h != null && h.getClass().getClassLoader() == loader) {
                Thread.setDefaultUncaughtExceptionHandler(null);
                LOG.debug("pod '{}': removed its default uncaught exception handler {}", pod, h.getClass().getName());
            }
        });
        if (loader.touched(JdkArea.LOGGING)) {
            run(notes, "java.util.logging", () -> logging(pod, loader));
        }
        if (loader.touched(JdkArea.JMX)) {
            run(notes, "platform MBeans", () -> mbeans(pod, loader));
        }
        if (loader.touched(JdkArea.SECURITY)) {
            run(notes, "security providers", () -> {
                for (java.security.Provider p : java.security.Security.getProviders()) {
                    if (p.getClass().getClassLoader() == loader) {
                        java.security.Security.removeProvider(p.getName());
                        LOG.debug("pod '{}': removed security provider {}", pod, p.getName());
                    }
                }
            });
        }
        if (loader.touched(JdkArea.BEANS)) {
            // Per thread group: the cache of the group closing the pod, where pod calls usually ran.
            run(notes, "the Introspector cache", java.beans.Introspector::flushCaches);
        }
        run(notes, "ResourceBundle's cache", () -> java.util.ResourceBundle.clearCache(loader));
        return notes;
    }

    private static void logging(String pod, PodClassLoader loader) {
        LogManager m = LogManager.getLogManager();
        for (String name : Collections.list(m.getLoggerNames())) {
            java.util.logging.Logger l = m.getLogger(name);
            if (l == null) {
                continue;
            }
            for (Handler h : l.getHandlers()) {
                if (h.getClass().getClassLoader() == loader) {
                    l.removeHandler(h);
                    try {
                        h.close();
                    } catch (RuntimeException | LinkageError e) {
                        LOG.debug("pod '{}': closing its logging handler {} failed", pod, h, e);
                    }
                    LOG.debug("pod '{}': removed its logging handler {} from logger '{}'", pod,
                            h.getClass().getName(), name);
                }
            }
            if (l.getFilter() != null && l.getFilter().getClass().getClassLoader() == loader) {
                l.setFilter(null);
            }
        }
    }

    private static void mbeans(String pod, PodClassLoader loader) throws Exception {
        javax.management.MBeanServer s = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        for (javax.management.ObjectName n : s.queryNames(null, null)) {
            ClassLoader cl;
            String className;
            try {
                cl = s.getClassLoaderFor(n);
                className = s.getObjectInstance(n).getClassName();
            } catch (javax.management.InstanceNotFoundException gone) {
                continue;
            }
            if (cl == loader || loader.defines(className)) {
                try {
                    s.unregisterMBean(n);
                    LOG.debug("pod '{}': unregistered its MBean {}", pod, n);
                } catch (javax.management.InstanceNotFoundException gone) {
                    // unregistered meanwhile
                }
            }
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void run(List<String> notes, String what, Step step) {
        try {
            step.run();
        } catch (Exception | LinkageError e) {
            LOG.warn("close: could not clean {}", what, e);
            notes.add("could not clean " + what + ": " + e);
        }
    }
}
