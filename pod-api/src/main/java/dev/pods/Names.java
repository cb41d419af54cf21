package dev.pods;

/** The checks {@link Keyword} and {@link Symbol} share. */
final class Names {
    private Names() {
    }

    static void check(String what, String namespace, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a " + what + " needs a non-empty name, was "
                    + (name == null ? "null" : "empty"));
        }
        if (namespace != null && namespace.isEmpty()) {
            throw new IllegalArgumentException("a " + what + "'s namespace is null or not empty, was empty"
                    + " (name " + name + ")");
        }
    }

    /** [namespace or null, name] of {@code body}; {@code text} is what the caller gave, for the message. */
    static String[] split(String what, String text, String body) {
        if (body.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not a " + what + ": it is empty");
        }
        int slash = body.indexOf('/');
        if (slash < 0) {
            return new String[] {null, body};
        }
        String ns = body.substring(0, slash);
        String name = body.substring(slash + 1);
        if (ns.isEmpty() || name.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not a " + what + ": write name or namespace/name,"
                    + " both parts non-empty");
        }
        return new String[] {ns, name};
    }
}
