package dev.pods.runtime.eval;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;

/**
 * Defines JShell's snippet classes in a loader whose parent is the pod's loader, so snippets see
 * exactly the pod's classes. JShell hands over new bytecode for a replaced snippet under a new
 * class name, so a name is defined at most once. The pod's jars are already in the parent, so
 * {@link #addToClasspath} only accepts what JShell's compiler was given.
 */
final class SnippetLoader implements LoaderDelegate {
    private final Map<String, byte[]> bytecodes = new ConcurrentHashMap<>();
    private final Loader loader;

    SnippetLoader(String podName, ClassLoader podLoader) {
        this.loader = new Loader("jshell-" + podName, podLoader, bytecodes);
    }

    ClassLoader classLoader() {
        return loader;
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException {
        boolean[] installed = new boolean[cbcs.length];
        for (ClassBytecodes cbc : cbcs) {
            bytecodes.put(cbc.name(), cbc.bytecodes());
        }
        int i = 0;
        try {
            for (; i < cbcs.length; i++) {
                loader.loadClass(cbcs[i].name());
                installed[i] = true;
            }
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ClassInstallException("could not load snippet class " + cbcs[i].name() + ": " + e, installed);
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] cbcs) {
        for (ClassBytecodes cbc : cbcs) {
            bytecodes.put(cbc.name(), cbc.bytecodes());
        }
    }

    @Override
    public void addToClasspath(String path) {
        // The pod's classpath is the parent loader's; nothing else may be added at run time.
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        return loader.loadClass(name);
    }

    private static final class Loader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> bytecodes;

        Loader(String name, ClassLoader parent, Map<String, byte[]> bytecodes) {
            super(name, parent);
            this.bytecodes = bytecodes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = bytecodes.get(name);
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }
    }
}
