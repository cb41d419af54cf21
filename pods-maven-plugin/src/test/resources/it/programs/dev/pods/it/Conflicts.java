package dev.pods.it;

import java.util.Arrays;

/** Depends on Guava 16 and Maven Resolver 2 API; Maven itself has a newer Guava and Resolver 1. */
public class Conflicts {
    public static void main(String[] args) {
        System.out.println("guava: " + com.google.common.base.Objects.toStringHelper("x").add("v", 16));
        System.out.println("resolver-api: " + jar(org.eclipse.aether.RepositorySystem.class) + ", "
                + org.eclipse.aether.RepositorySystemSession.CloseableSession.class.getSimpleName());
        System.out.println("maven: " + visibility("org.apache.maven.plugin.Mojo"));
        System.out.println("pods plugin: " + visibility("dev.pods.maven.plugin.JavaMojo"));
        System.out.println("args: " + Arrays.toString(args));
        System.out.println("property it.greeting=" + System.getProperty("it.greeting"));
    }

    static String jar(Class<?> c) {
        String p = c.getProtectionDomain().getCodeSource().getLocation().getPath();
        return p.substring(p.lastIndexOf('/') + 1);
    }

    static String visibility(String name) {
        try {
            Class.forName(name);
            return name + " VISIBLE";
        } catch (ClassNotFoundException e) {
            return name + " hidden";
        }
    }
}
