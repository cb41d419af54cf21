/**
 * The bridge across a pod's boundary: {@link dev.pods.runtime.bridge.ValueCodec} (one side: value to
 * bytes and back, classes resolved strictly in that side's loader, Kryo relocated as {@code kryo5}),
 * {@link dev.pods.runtime.bridge.Bridge} (the two sides joined in-process; immutable JDK values skip
 * the copy) and {@link dev.pods.runtime.bridge.RemoteExceptions} (pod throwables as
 * {@link dev.pods.PodCallException} data). Bytes are the seam for an out-of-process transport.
 */
package dev.pods.runtime.bridge;
