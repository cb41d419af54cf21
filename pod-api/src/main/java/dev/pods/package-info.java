/**
 * The contract both sides of the pod boundary see: {@link dev.pods.PodEnv}, {@link dev.pods.Pod},
 * {@link dev.pods.PodPool} and the {@link dev.pods.PodException} family. JDK only. Every pod
 * loads this package from the host (parent-first), so pod code can implement host interfaces and
 * throw and see these types.
 */
package dev.pods;
