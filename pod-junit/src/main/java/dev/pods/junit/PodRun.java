package dev.pods.junit;

import static dev.pods.junit.internal.InPodRunner.CHILD_STARTED;
import static dev.pods.junit.internal.InPodRunner.ENTRIES;
import static dev.pods.junit.internal.InPodRunner.ERROR;
import static dev.pods.junit.internal.InPodRunner.ID;
import static dev.pods.junit.internal.InPodRunner.ISSUES;
import static dev.pods.junit.internal.InPodRunner.NAME;
import static dev.pods.junit.internal.InPodRunner.PARENT;
import static dev.pods.junit.internal.InPodRunner.REASON;
import static dev.pods.junit.internal.InPodRunner.STATUS;
import static dev.pods.junit.internal.InPodRunner.TYPE;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What happened when a class ran inside one pod: its nodes by id relative to the class's run
 * ({@code ""} is the run itself), decoded from the plain data the pod returned. Immutable.
 */
final class PodRun {
    static final String ENGINE = "[engine]";

    /** One test or container as it ran in the pod. */
    record Node(String id, Optional<String> parent, String type, String name, String status,
                Optional<String> reason, Optional<Map<String, Object>> error, List<Map<String, String>> entries,
                boolean childStarted, List<String> issues) {
        boolean isTest() {
            return type.equals("TEST") || type.equals("CONTAINER_AND_TEST");
        }

        /** The type of the id's last segment, e.g. {@code method}, {@code test-template-invocation}. */
        String segmentType() {
            int open = id.lastIndexOf('[');
            int colon = id.indexOf(':', open);
            return open < 0 || colon < 0 ? "" : id.substring(open + 1, colon);
        }
    }

    private final String label;
    private final Map<String, Node> nodes;

    private PodRun(String label, Map<String, Node> nodes) {
        this.label = label;
        this.nodes = nodes;
    }

    @SuppressWarnings("unchecked")
    static PodRun decode(String label, List<Map<String, Object>> raw) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (Map<String, Object> m : raw) {
            String id = (String) m.get(ID);
            nodes.put(id, new Node(id, Optional.ofNullable((String) m.get(PARENT)), (String) m.get(TYPE),
                    (String) m.get(NAME), (String) m.get(STATUS), Optional.ofNullable((String) m.get(REASON)),
                    Optional.ofNullable((Map<String, Object>) m.get(ERROR)),
                    m.containsKey(ENTRIES) ? List.copyOf((List<Map<String, String>>) m.get(ENTRIES)) : List.of(),
                    Boolean.TRUE.equals(m.get(CHILD_STARTED)),
                    m.containsKey(ISSUES) ? List.copyOf((List<String>) m.get(ISSUES)) : List.of()));
        }
        return new PodRun(label, nodes);
    }

    String label() {
        return label;
    }

    Optional<Node> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }

    List<Node> children(String id) {
        List<Node> out = new ArrayList<>();
        for (Node n : nodes.values()) {
            if (n.parent().isPresent() && n.parent().get().equals(id)) {
                out.add(n);
            }
        }
        return out;
    }

    List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    /** Whether any test or container of the class failed (an aborted or skipped one does not count). */
    boolean anyFailure() {
        for (Node n : nodes.values()) {
            if (n.status().equals("FAILED") && !n.id().equals(ENGINE) && !n.id().equals("[outside]")) {
                return true;
            }
        }
        return false;
    }
}
