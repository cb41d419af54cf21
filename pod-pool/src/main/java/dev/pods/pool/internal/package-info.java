/**
 * Not API: {@link dev.pods.pool.internal.SystemHolder}, which the reload loop copies onto each
 * pod's classpath and calls by name inside the pod (so it must be public). A module descriptor
 * does not export this package.
 */
package dev.pods.pool.internal;
