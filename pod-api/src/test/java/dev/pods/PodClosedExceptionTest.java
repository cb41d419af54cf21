package dev.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A closed-pod message never gives advice that cannot work where the pod came from. */
class PodClosedExceptionTest {

    @Test
    void aClosedPodNamesEveryWayOutIncludingThePoolThatRetiredIt() {
        PodClosedException e = new PodClosedException("web", "call com.acme.Main/run");
        String m = e.getMessage();
        assertTrue(m.startsWith("pod 'web' is closed: cannot call com.acme.Main/run; "), m);
        assertTrue(m.contains("Pods.create"), m);
        assertTrue(m.contains("refresh()") && m.contains("pool.current() again for each piece of work"), m);
        assertTrue(m.contains("pool.borrow(timeout)"), m);
        assertEquals("web", e.podName());
    }

    @Test
    void somethingElseThatIsClosedSaysWhatItIsAndWhatToDo() {
        PodClosedException e = new PodClosedException("web", "pool 'web'", "borrow()", "build a new pool");
        assertEquals("pool 'web' is closed: cannot borrow(); build a new pool", e.getMessage());
        assertEquals("web", e.podName());
    }
}
