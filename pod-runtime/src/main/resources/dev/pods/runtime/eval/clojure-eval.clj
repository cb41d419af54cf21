;; Loaded once per pod into the pod's own Clojure runtime (see ClojureEvaluator), after pods.data.
;; Defines pods.pod, the pod side of every Clojure crossing: the REPL's eval-string, call (a var
;; named by Pod.call("clojure:ns/name", args)) and eval-form (pods.boot's with-eval-in).
(clojure.core/in-ns 'user)
(clojure.core/refer-clojure)
(ns pods.pod
  "Runs inside a pod: what Pod.eval, Pod.call(\"clojure:...\") and pods.boot reach."
  (:require [pods.data :as data])
  (:import (dev.pods PodException)))

(dosync (commute @#'clojure.core/*loaded-libs* conj 'pods.data 'pods.pod))

;; The REPL namespace: user at first; an (ns ...) or (in-ns ...) in an eval carries over to the next.
(def ^:private current (atom (the-ns 'user)))

(def ^:private lenient {:strict? false :meta? false})
(def ^:private strict {:strict? true :meta? false})

(defn- writer ^java.io.PrintWriter [^java.io.OutputStream s]
  (java.io.PrintWriter. (java.io.OutputStreamWriter. s) true))

(defmacro ^:private with-pod-io
  "Binds *out* and *err* to writers over System.out/err as they are now (the pod's routing)."
  [& body]
  `(let [out# (writer System/out)
         err# (writer System/err)]
     (try
       (binding [*out* out# *err* err#]
         ~@body)
       (finally
         (.flush out#)
         (.flush err#)))))

(defn- diagnostic [marker line column ^Throwable e]
  (object-array [marker (long (or line 0)) (long (or column 0))
                 (or (.getMessage (or (.getCause e) e)) (str (class e)))]))

(defn eval-string
  "Reads and evaluates every form of code in the REPL namespace; returns the last value in the
  neutral form, leniently (values that are not data become dev.pods.Opaque), or
  [marker line column message] as an Object[] when the code does not read or compile."
  [^String code marker]
  (with-pod-io
    (binding [*ns* @current]
      (let [rdr (clojure.lang.LineNumberingPushbackReader. (java.io.StringReader. code))
            eof (Object.)]
        (loop [v nil]
          (let [form (try
                       (read rdr false eof)
                       (catch clojure.lang.LispReader$ReaderException e
                         (reduced (diagnostic marker (.-line e) (.-column e) e))))]
            (cond
              (reduced? form) @form
              (identical? form eof) (do (reset! current *ns*) (data/->java v lenient))
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
                  (recur r))))))))))

(defn- parse-target
  "[namespace-symbol var-symbol] of \"ns/name\" (\"clojure.core//\" names division)."
  [^String target]
  (let [slash (.indexOf target "/")
        ns-part (when (pos? slash) (subs target 0 slash))
        name-part (when (pos? slash) (subs target (inc slash)))]
    (when (or (empty? ns-part) (empty? name-part)
              (and (not= name-part "/") (not (neg? (.indexOf ^String name-part "/")))))
      (throw (PodException. (str "call clojure:" target ": a Clojure call target is clojure:namespace/name,"
                                 " e.g. clojure:clojure.string/upper-case"))))
    [(symbol ns-part) (symbol ns-part name-part)]))

(defn- find-public-var [ns-sym var-sym]
  (when-let [n (find-ns ns-sym)]
    (.findInternedVar ^clojure.lang.Namespace n (symbol (name var-sym)))))

(defn- require-ns [ns-sym target]
  (try
    (require ns-sym)
    (catch java.io.FileNotFoundException e
      (throw (PodException. (str "call clojure:" target ": the pod has no namespace " ns-sym " ("
                                 (.getMessage e) "); add the library that has it to the pod's"
                                 " dependencies or classpath"))))))

(defn- resolve-target [target]
  (let [[ns-sym var-sym] (parse-target target)
        v (or (find-public-var ns-sym var-sym)
              (do (when-not (find-ns ns-sym) (require-ns ns-sym target))
                  (find-public-var ns-sym var-sym)))]
    (when-not v
      (let [publics (sort (map str (keys (ns-publics ns-sym))))]
        (throw (PodException. (str "call clojure:" target ": namespace " ns-sym " has no var " (name var-sym)
                                   (if (empty? publics)
                                     " (it has no public vars)"
                                     (str "; its public vars include " (vec (take 20 publics)))))))))
    (when (:private (meta v))
      (throw (PodException. (str "call clojure:" target ": " v " is private; call a public var"))))
    (let [f @v]
      ;; Collections and keywords are IFn, but calling a var that holds data is a mistake to name.
      (when (or (not (instance? clojure.lang.IFn f)) (coll? f) (keyword? f) (symbol? f))
        (throw (PodException. (str "call clojure:" target ": " v " is not a function (its value is "
                                   (if (nil? f) "nil" (str "a " (.getName (class f))))
                                   "); read a value with eval, e.g. Pod.eval(\"clojure\", \"" (subs (str v) 2) "\")"))))
      [v f])))

(defn call
  "Invokes the var named by target (\"ns/name\"; the namespace is required on first use) with
  args in the neutral form, rebuilt as Clojure data; returns the result in the neutral form,
  strictly: a value that is not data is refused with a PodBridgeException."
  [^String target ^objects args]
  (let [[v f] (resolve-target target)
        r (with-pod-io
            (binding [*ns* @current]
              (apply f (map data/->clj args))))]
    (if (::neutral (meta v))
      r
      (data/->java r strict))))

(defn ^{::neutral true} eval-form
  "pods.boot's with-eval-in: evaluates form (already Clojure data) and returns its value in the
  neutral form with opts (:strict?, :meta?); lenient and with metadata unless told otherwise."
  [form opts]
  (let [v (eval form)]
    (data/->java v (merge {:strict? false :meta? true} opts))))
