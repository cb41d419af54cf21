package dev.pods.runtime.loader;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Defined inside a pod's loader at close (never used from the host's copy): DriverManager
 * shows and deregisters only drivers the caller's loader can see, so this runs as pod code.
 * References JDK types only.
 */
final class DriverCleaner implements Supplier<List<String>> {
    @Override
    public List<String> get() {
        ClassLoader mine = DriverCleaner.class.getClassLoader();
        List<String> removed = new ArrayList<>();
        Enumeration<Driver> drivers = DriverManager.getDrivers();
        while (drivers.hasMoreElements()) {
            Driver d = drivers.nextElement();
            if (d.getClass().getClassLoader() == mine) {
                try {
                    DriverManager.deregisterDriver(d);
                    removed.add(d.getClass().getName());
                } catch (SQLException | SecurityException e) {
                    // reported by the caller through the missing name
                }
            }
        }
        return removed;
    }
}
