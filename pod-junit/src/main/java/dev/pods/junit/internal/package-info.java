/**
 * Not API: the code that runs inside each pod. It is loaded by the pod's class loader from the
 * test classpath and may use only the JDK, the JUnit Platform and opentest4j.
 */
package dev.pods.junit.internal;
