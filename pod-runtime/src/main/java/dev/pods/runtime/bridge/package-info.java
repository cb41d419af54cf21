/**
 * The bridge across a pod's boundary: {@link dev.pods.runtime.bridge.ValueCodec} (one side: value to
 * bytes and back, classes resolved strictly in that side's loader, Kryo relocated as {@code kryo5}),
 * {@link dev.pods.runtime.bridge.Bridge} (the two sides joined in-process; immutable JDK values skip
 * the copy; its class comment lists what crosses and how) and
 * {@link dev.pods.runtime.bridge.RemoteExceptions} (pod throwables as {@link dev.pods.PodCallException}
 * data). Bytes are the seam for an out-of-process transport.
 *
 * <p>Inside, package-private: {@code PodKryo} (which serializer each class gets, the nesting limit),
 * {@code ShapeResolver} and {@code Shapes} (class names resolved strictly and each class's shape
 * compared between the sides), {@code Containers} and {@code Orderings} (every collection and map,
 * and the orderings that can be rebuilt), {@code EnumCopy}, {@code JdkValues} (JDK values Kryo copies
 * with a loss), {@code CycleCheckingReferences} and {@code Failures} (the typed failures raised
 * inside Kryo).
 */
package dev.pods.runtime.bridge;
