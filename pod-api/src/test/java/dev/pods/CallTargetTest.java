package dev.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallTargetTest {
    private static final String SHAPE = "write pkg.Class/method (a public static method; a nested class as"
            + " pkg.Outer$Inner/method) or clojure:namespace/name (a Clojure var)";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "com.google.common.base.Strings/repeat | java    | com.google.common.base.Strings | repeat",
        "Main/main                             | java    | Main                           | main",
        "a.B$C/m                               | java    | a.B$C                          | m",
        "a.B$1/m                               | java    | a.B$1                          | m",
        "_x.$y.\u00e9t\u00e9/\u00e7a_$1        | java    | _x.$y.\u00e9t\u00e9            | \u00e7a_$1",
        "clojure:clojure.string/upper-case     | clojure | clojure.string                 | upper-case",
        "clojure:clojure.core//                | clojure | clojure.core                   | /",
        "clojure:dev/go!                       | clojure | dev                            | go!",
        "clojure:my-app.core/valid?            | clojure | my-app.core                    | valid?",
        "clojure:user/x'                       | clojure | user                           | x'",
        "clojure:user/*state*                  | clojure | user                           | *state*",
    })
    void targetsInEveryShapeTheGrammarAllows(String text, String language, String owner, String member) {
        CallTarget t = CallTarget.parse(text);
        assertEquals(language, t.language());
        assertEquals(language.equals("java"), t.isJava());
        assertEquals(owner, t.owner());
        assertEquals(member, t.member());
        assertEquals(owner + "/" + member, t.unprefixed());
        assertEquals(text, t.toString());
        assertEquals(t, CallTarget.parse(t.toString()));
        assertEquals(t.hashCode(), CallTarget.parse(text).hashCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"                   | is empty",
        "com.acme.Main          | has no '/' between the class and the method",
        "com.acme.Main/         | has no method after the '/'",
        "/run                   | has no class before the '/'",
        "com.acme.Main/run/x    | has more than one '/'",
        "com..acme.Main/run     | has an empty part in the class name 'com..acme.Main'",
        ".com.acme.Main/run     | has an empty part in the class name '.com.acme.Main'",
        "com.acme.Main./run     | has an empty part in the class name 'com.acme.Main.'",
        "com.1acme.Main/run     | has a class name 'com.1acme.Main' whose part '1acme' starts with '1', which no Java name starts with",
        "com.acme.Ma-in/run     | has a class name 'com.acme.Ma-in' whose part 'Ma-in' holds '-', which is not part of a Java name",
        "com.acme.Main/run-it   | has a method name 'run-it' that holds '-', which is not part of a Java name",
        "com.acme.Main/run()    | has a method name 'run()' that holds '(', which is not part of a Java name",
        "com.acme.Main/2run     | has a method name '2run' that starts with '2', which no Java name starts with",
        "groovy:com.acme/run    | names the language 'groovy', which has no functions a call can name (the only prefix is 'clojure:'; reach other languages with eval)",
        "Clojure:dev/go         | names the language 'Clojure', which has no functions a call can name (the only prefix is 'clojure:'; reach other languages with eval)",
        ":com.acme.Main/run     | has an empty language prefix before ':'",
        "java:com.acme.Main/run | has the prefix 'java:'; a Java method takes none",
        "clojure:dev            | has no '/' between the namespace and the name",
        "clojure:/go            | has no namespace before the '/'",
        "clojure:dev/           | has no name after the '/'",
        "clojure:dev/go/x       | has a name 'go/x' that holds '/', which a Clojure symbol cannot",
        "clojure:1dev/go        | has a namespace '1dev' that starts with '1', which no Clojure symbol starts with",
        "clojure:dev/'go        | has a name ''go' that starts with ''', which no Clojure symbol starts with",
        "clojure:de(v/go        | has a namespace 'de(v' that holds '(', which a Clojure symbol cannot",
        "clojure:dev/a:b        | has a name 'a:b' that holds ':', which a Clojure symbol cannot",
    })
    void badTargetsSayWhatIsWrongAndTheShape(String text, String problem) {
        PodTargetException e = assertThrows(PodTargetException.class, () -> CallTarget.parse(text));
        assertEquals(text, e.target());
        assertEquals(problem, e.problem());
        assertEquals("call target '" + text + "' " + problem + "; " + SHAPE, e.getMessage());
        assertTrue(e instanceof PodException, "one family of errors");
    }

    @Test
    void whitespaceIsNamedNotTrimmed() {
        assertEquals("has a method name ' run' that starts with a space, which no Java name starts with",
                assertThrows(PodTargetException.class, () -> CallTarget.parse("com.acme.Main/ run")).problem());
        assertEquals("has a class name ' com.acme.Main' whose part ' com' starts with a space, which no Java name"
                        + " starts with",
                assertThrows(PodTargetException.class, () -> CallTarget.parse(" com.acme.Main/run")).problem());
        assertEquals("has a method name 'ru n' that holds a space, which is not part of a Java name",
                assertThrows(PodTargetException.class, () -> CallTarget.parse("com.acme.Main/ru n")).problem());
        assertEquals("has a namespace 'my\tdev' that holds U+0009, which a Clojure symbol cannot",
                assertThrows(PodTargetException.class, () -> CallTarget.parse("clojure:my\tdev/go")).problem());
    }

    @Test
    void nullIsNotATarget() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> CallTarget.parse(null));
        assertEquals("call target", e.getMessage());
    }

    @Test
    void equalByText() {
        assertEquals(CallTarget.parse("a.B/m"), CallTarget.parse("a.B/m"));
        assertNotEquals(CallTarget.parse("a.B/m"), CallTarget.parse("a.B/n"));
        assertNotEquals(CallTarget.parse("clojure:a.B/m"), CallTarget.parse("a.B/m"));
        assertFalse(CallTarget.parse("clojure:a/b").isJava());
    }
}
