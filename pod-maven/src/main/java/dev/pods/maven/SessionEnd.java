package dev.pods.maven;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.apache.maven.execution.ExecutionListener;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action when the build session ends, from a plain plugin (no build extension needed).
 *
 * <p>Maven 3.8 and 3.9 read the request's {@link ExecutionListener} each time they fire an event,
 * and fire {@code sessionEnded} after the last project whether the build succeeded or failed.
 * So a plugin can put a listener in front of the current one: it runs the action at the session's
 * end, then passes every event on unchanged (Maven's own console output is such a listener). A
 * dynamic proxy forwards whatever methods the running Maven's interface has, so a method added
 * by a later Maven is forwarded too.
 */
final class SessionEnd {
    private static final Logger LOG = LoggerFactory.getLogger(SessionEnd.class);

    private SessionEnd() {
    }

    /** Runs {@code action} once, when {@code session}'s build ends (before Maven prints its summary). */
    static void onEnd(MavenSession session, Runnable action) {
        MavenExecutionRequest request = session.getRequest();
        // Clones of the session (one per project in a parallel build) share the request.
        synchronized (request) {
            ExecutionListener next = request.getExecutionListener();
            request.setExecutionListener((ExecutionListener) Proxy.newProxyInstance(
                    ExecutionListener.class.getClassLoader(), new Class<?>[] {ExecutionListener.class},
                    new Handler(next, action)));
        }
    }

    private static final class Handler implements InvocationHandler {
        private final ExecutionListener next;
        private Runnable action;

        Handler(ExecutionListener next, Runnable action) {
            this.next = next;
            this.action = action;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            if (m.getDeclaringClass() == Object.class) {
                switch (m.getName()) {
                    case "equals":
                        return proxy == args[0];
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    default:
                        return "SessionEnd[" + next + "]";
                }
            }
            if (m.getName().equals("sessionEnded")) {
                runOnce();
            }
            if (next == null) {
                return null;
            }
            try {
                return m.invoke(next, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private void runOnce() {
            Runnable a;
            synchronized (this) {
                a = action;
                action = null;
            }
            if (a != null) {
                try {
                    a.run();
                } catch (RuntimeException e) {
                    // The build's result is decided; a failure to clean up is reported, not thrown into Maven.
                    LOG.warn("pods: cleaning up at the end of the build failed: {}", e.toString());
                }
            }
        }
    }
}
