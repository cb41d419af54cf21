;; Loaded once per pod into the pod's own Clojure runtime (see ClojureEvaluator). The last form is
;; the function the evaluator calls: (f code marker) reads and evaluates every form of code in
;; the pod's current namespace and returns the last value converted to JDK data, or
;; [marker line column message] as an Object[] when the code does not read or compile.
(clojure.core/in-ns 'user)
(clojure.core/refer-clojure)
(let [current (atom *ns*)
      convert (fn convert [x]
                (cond
                  (nil? x) nil
                  (string? x) x
                  (keyword? x) (str x)
                  (symbol? x) (str x)
                  (map? x) (let [m (java.util.LinkedHashMap.)]
                             (doseq [e x] (.put m (convert (key e)) (convert (val e))))
                             m)
                  (set? x) (let [s (java.util.LinkedHashSet.)]
                             (doseq [e x] (.add s (convert e)))
                             s)
                  (or (sequential? x) (seq? x)) (let [l (java.util.ArrayList.)]
                                                  (doseq [e x] (.add l (convert e)))
                                                  l)
                  (ratio? x) (.divide (java.math.BigDecimal. (.numerator ^clojure.lang.Ratio x))
                                      (java.math.BigDecimal. (.denominator ^clojure.lang.Ratio x))
                                      java.math.MathContext/DECIMAL128)
                  (instance? clojure.lang.BigInt x) (.toBigInteger ^clojure.lang.BigInt x)
                  :else x))
      diagnostic (fn [marker line column ^Throwable e]
                   (object-array [marker (long (or line 0)) (long (or column 0))
                                  (or (.getMessage (or (.getCause e) e)) (str (class e)))]))]
  (fn [^String code marker]
    (let [out (java.io.PrintWriter. (java.io.OutputStreamWriter. System/out) true)
          err (java.io.PrintWriter. (java.io.OutputStreamWriter. System/err) true)]
      (try
        (binding [*ns* @current *out* out *err* err]
          (let [rdr (clojure.lang.LineNumberingPushbackReader. (java.io.StringReader. code))
                eof (Object.)]
            (loop [v nil]
              (let [form (try
                           (read rdr false eof)
                           (catch clojure.lang.LispReader$ReaderException e
                             (reduced (diagnostic marker (.-line e) (.-column e) e))))]
                (cond
                  (reduced? form) @form
                  (identical? form eof) (do (reset! current *ns*) (convert v))
                  :else
                  (let [r (try
                            (eval form)
                            (catch clojure.lang.Compiler$CompilerException e
                              (let [d (ex-data e)]
                                (if (and (= :execution (:clojure.error/phase d)) (.getCause e))
                                  (throw (.getCause e))
                                  (reduced (diagnostic marker
                                                       (or (:clojure.error/line d) (.-line e))
                                                       (:clojure.error/column d)
                                                       e))))))]
                    (if (reduced? r)
                      (do (reset! current *ns*) @r)
                      (recur r))))))))
        (finally
          (.flush out)
          (.flush err))))))
