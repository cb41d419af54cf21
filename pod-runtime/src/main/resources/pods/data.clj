(ns pods.data
  "Clojure values <-> the bridge's neutral form, in which they cross between a pod and its host.

  Two runtimes never share Clojure's classes (each loads its own clojure.lang), so a value
  leaves one runtime as neutral Java data and is rebuilt with the other runtime's Clojure:

    keyword      <-> dev.pods.Keyword        symbol  <-> dev.pods.Symbol
    ratio        <-> dev.pods.Ratio (exact)  BigInt  <-> java.math.BigInteger
    vector       <-> java.util.ArrayList     list, seq <-> java.util.LinkedList
    map, record  <-> java.util.LinkedHashMap set     <-> java.util.LinkedHashSet
    sorted map/set (default comparator) <-> java.util.TreeMap / TreeSet
    metadata     <-> dev.pods.WithMeta (only when asked for, :meta? true)
    var, atom, ref, agent, fn, namespace, delay, future, promise, volatile:
                  dev.pods.Opaque (type and printed form) when lenient, refused when strict

  Strings, numbers, booleans, characters, nil and other Java objects are left as they are (the
  bridge copies or refuses them). This file is loaded into every Clojure pod (pod-runtime
  reads it and evaluates it there) and required by a Clojure host through pods.boot."
  (:import (dev.pods Keyword Opaque PodBridgeException PodBridgeException$Side Ratio Symbol WithMeta)
           (java.util ArrayList Collection LinkedHashMap LinkedHashSet LinkedList List Map RandomAccess Set
                      SortedMap SortedSet TreeMap TreeSet)))

(def ^:private object-array-class (Class/forName "[Ljava.lang.Object;"))

(defn- default-sorted?
  "Whether a sorted Clojure collection uses the default comparator (so a TreeMap/TreeSet over
  the neutral keys orders it the same)."
  [x]
  (identical? (.comparator ^clojure.lang.Sorted x) clojure.lang.RT/DEFAULT_COMPARATOR))

(defn- why-not-data
  "Why x is not data that can be copied, or nil; where names the runtime x lives in (the pod or
  the host), and what to do is said for a value that is being returned (:pod) or passed (:host)."
  [x opts]
  (let [[where verb] (if (= :host (:side opts)) ["the host" "pass"] ["the pod" "return"])
        state (fn [what] (str what " holds mutable state that lives in " where "; " verb
                              " its current value (deref it)"))]
    (cond
      (var? x) (str "a var is a reference in a namespace of " where ", not data; " verb
                    " its value (deref the var) or its name (a symbol)")
      (instance? clojure.lang.Atom x) (state "an atom")
      (instance? clojure.lang.Ref x) (state "a ref")
      (instance? clojure.lang.Agent x) (state "an agent")
      (instance? clojure.lang.Volatile x) (state "a volatile")
      (instance? clojure.lang.Namespace x) (str "a namespace lives in " where "; " verb " its name (ns-name)")
      (and (instance? clojure.lang.IPending x) (instance? clojure.lang.IDeref x))
      (str "a delay, future or promise is a computation in " where "; deref it there and " verb " the value")
      (instance? clojure.lang.IDeref x) (state "a reference")
      (instance? Throwable x) (str "an exception is not data (thrown, it crosses as PodCallException); " verb
                                   " its message or (Throwable->map it)")
      (instance? clojure.lang.IFn x) (str "a function is code of " where " and cannot be copied; call it there and "
                                          verb " its result"))))

(defn- printed [x]
  (try
    (binding [*print-length* 20 *print-level* 4 *print-meta* false]
      (pr-str x))
    (catch Throwable _
      (str "#object[" (.getName (class x)) "]"))))

(defn- side ^PodBridgeException$Side [opts]
  (if (= :host (:side opts)) PodBridgeException$Side/HOST PodBridgeException$Side/POD))

(defn- refuse [x why opts path]
  (throw (PodBridgeException. (.getName (class x)) (side opts)
                              (str why
                                   (when (seq path)
                                     (str " (at " (pr-str (vec (reverse path))) " in the value)"))
                                   (when-not (= :host (:side opts))
                                     "; a lenient evaluation returns such a value as dev.pods.Opaque, its printed form")))))

(declare ->java*)

(defn- with-meta-out
  "v, wrapped with x's metadata when asked for; entries that are not data are left out."
  [x v opts]
  (if-let [m (and (:meta? opts) (meta x))]
    (let [strict (assoc opts :strict? true :meta? false)
          jm (LinkedHashMap.)]
      (doseq [[k mv] m]
        (try
          (.put jm (->java* k strict nil) (->java* mv strict nil))
          (catch PodBridgeException _)))
      (if (.isEmpty jm) v (WithMeta. v jm)))
    v))

(defn- map-out [m ^Map target opts path]
  (doseq [e m]
    (let [k (key e)]
      (.put target (->java* k opts path) (->java* (val e) opts (cons k path)))))
  target)

(defn- coll-out [xs ^Collection target opts path]
  (reduce (fn [i x] (.add target (->java* x opts (cons i path))) (inc i)) 0 xs)
  target)

(defn- sorted-map-out [m opts path]
  (try
    (map-out m (TreeMap.) opts path)
    (catch ClassCastException _
      ;; keys Clojure can compare but Java cannot (a long and a double): keep the order, not the type
      (map-out m (LinkedHashMap.) opts path))))

(defn- sorted-set-out [s opts path]
  (try
    (coll-out s (TreeSet.) opts path)
    (catch ClassCastException _
      (coll-out s (LinkedHashSet.) opts path))))

(defn- ->java* [x opts path]
  (cond
    (nil? x) nil
    (string? x) x
    (instance? Number x) (cond
                           (instance? clojure.lang.BigInt x) (.toBigInteger ^clojure.lang.BigInt x)
                           (instance? clojure.lang.Ratio x) (Ratio. (.numerator ^clojure.lang.Ratio x)
                                                                    (.denominator ^clojure.lang.Ratio x))
                           :else x)
    (instance? Boolean x) x
    (instance? Character x) x
    (keyword? x) (Keyword. (namespace x) (name x))
    (symbol? x) (with-meta-out x (Symbol. (namespace x) (name x)) opts)
    (instance? clojure.lang.IRecord x) (with-meta-out x (map-out (into {} x) (LinkedHashMap.) opts path) opts)
    (map? x) (with-meta-out x (if (and (instance? clojure.lang.Sorted x) (default-sorted? x))
                                (sorted-map-out x opts path)
                                (map-out x (LinkedHashMap.) opts path))
                            opts)
    (set? x) (with-meta-out x (if (and (instance? clojure.lang.Sorted x) (default-sorted? x))
                                (sorted-set-out x opts path)
                                (coll-out x (LinkedHashSet.) opts path))
                            opts)
    (vector? x) (with-meta-out x (coll-out x (ArrayList. (count x)) opts path) opts)
    (sequential? x) (with-meta-out x (coll-out x (LinkedList.) opts path) opts)
    :else
    (if-let [why (why-not-data x opts)]
      (if (:strict? opts)
        (refuse x why opts path)
        (Opaque. (.getName (class x)) (printed x)))
      (cond
        ;; Java containers may hold Clojure values: rebuilt with their elements converted.
        (instance? SortedMap x) (if (nil? (.comparator ^SortedMap x)) (sorted-map-out x opts path) x)
        (instance? Map x) (map-out x (LinkedHashMap.) opts path)
        (instance? SortedSet x) (if (nil? (.comparator ^SortedSet x)) (sorted-set-out x opts path) x)
        (instance? Set x) (coll-out x (LinkedHashSet.) opts path)
        (instance? List x) (coll-out x (if (instance? RandomAccess x) (ArrayList.) (LinkedList.)) opts path)
        (instance? object-array-class x) (let [^objects a x]
                                           (object-array (map-indexed (fn [i e] (->java* e opts (cons i path))) a)))
        :else x))))

(defn ->java
  "x in the neutral form. opts: :strict? (refuse values that are not data, with a
  PodBridgeException naming the value's path; otherwise they become dev.pods.Opaque), :meta?
  (carry metadata as dev.pods.WithMeta), :side (:pod or :host, named in refusals)."
  ([x] (->java x nil))
  ([x opts] (->java* x opts nil)))

(defn ->clj
  "A neutral value rebuilt as this runtime's Clojure data (see the namespace doc)."
  [x]
  (cond
    (nil? x) nil
    (instance? Keyword x) (keyword (.namespace ^Keyword x) (.name ^Keyword x))
    (instance? Symbol x) (symbol (.namespace ^Symbol x) (.name ^Symbol x))
    (instance? Ratio x) (/ (bigint (.numerator ^Ratio x)) (bigint (.denominator ^Ratio x)))
    (instance? java.math.BigInteger x) (bigint x)
    (instance? WithMeta x) (let [v (->clj (.value ^WithMeta x))]
                             (if (instance? clojure.lang.IObj v)
                               (with-meta v (->clj (.meta ^WithMeta x)))
                               v))
    (instance? clojure.lang.IPersistentCollection x) x
    (instance? SortedMap x) (if (nil? (.comparator ^SortedMap x))
                              (into (sorted-map) (map (fn [e] [(->clj (key e)) (->clj (val e))])) x)
                              x)
    (instance? Map x) (persistent! (reduce (fn [m e] (assoc! m (->clj (key e)) (->clj (val e))))
                                           (transient {}) x))
    (instance? SortedSet x) (if (nil? (.comparator ^SortedSet x)) (into (sorted-set) (map ->clj) x) x)
    (instance? Set x) (into #{} (map ->clj) x)
    (instance? List x) (if (instance? RandomAccess x)
                         (into [] (map ->clj) x)
                         (apply list (map ->clj x)))
    :else x))
