package dev.pods.runtime.bridge;

import com.esotericsoftware.kryo.kryo5.util.MapReferenceResolver;

/**
 * Kryo's reference resolver, except that a back-reference to an object still being read is an
 * error instead of null. A record or an immutable collection can only be made once everything
 * inside it has been read, so a value inside it that refers back to it (a cycle through the
 * record) would otherwise silently get null.
 */
final class CycleCheckingReferences extends MapReferenceResolver {
    @Override
    @SuppressWarnings("rawtypes") // Kryo declares a raw Class
    public Object getReadObject(Class type, int id) {
        Object o = super.getReadObject(type, id);
        if (o == null) {
            throw new Failures.Refusal(type.getName(), "a value inside it refers back to it, and a " + Types.simpleName(type)
                    + " can only be made after everything inside it (a record, an immutable collection): such a cycle"
                    + " cannot be rebuilt. Break the cycle, or use a mutable class on the path");
        }
        return o;
    }
}
