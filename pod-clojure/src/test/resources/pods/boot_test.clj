(ns pods.boot-test
  "pods.boot against real pods (Clojure from Maven Central). Pods are shared: one per Clojure
  version for the whole namespace (close-all closes them)."
  (:require [clojure.test :refer [deftest is testing]]
            [pods.boot :as pod])
  (:import (dev.pods Opaque Pod)))

(def local-repo (str (System/getProperty "java.io.tmpdir") "/eval-it-local-repo"))

(defn env [clojure-version & deps]
  (-> (pod/get-env)
      (assoc :local-repo local-repo)
      (assoc :dependencies (into [['org.clojure/clojure clojure-version]] deps))))

(defonce ^:private pods (atom {}))

(defn pod-of [version]
  (or (get @pods version)
      (get (swap! pods (fn [m] (if (m version) m (assoc m version (pod/make-pod (env version)))))) version)))

(defn close-all []
  (doseq [p (vals @pods)] (pod/destroy-pod p))
  (reset! pods {}))

(defn new-pod [] (pod-of "1.12.3"))

(defrecord Point [x y])

(deftest make-pod-from-the-host-env-plus-dependencies
  (let [e (pod/get-env)]
    (is (= [['org.clojure/clojure (clojure-version)]] (:dependencies e)) "the host's own Clojure"))
  (is (= "1.12.3" (pod/with-eval-in (pod-of "1.12.3") (clojure-version))))
  (is (= "1.11.4" (pod/with-eval-in (pod-of "1.11.4") (clojure-version))) "two versions side by side")
  (let [p (pod/make-pod (assoc (env "1.12.3" '[org.clojure/data.json "2.5.1"]) :name "json"))]
    (try
      (is (= "{\"a\":[1,2]}" (let [data {:a [1 2]}]
                               (pod/with-eval-in p
                                 (require '[clojure.data.json :as json])
                                 (json/write-str ~data)))))
      (finally (pod/destroy-pod p))))
  (is (thrown-with-msg? clojure.lang.ExceptionInfo #"an env is a map" (pod/make-pod 42))))

(deftest with-eval-in-templates-host-values
  (let [p (new-pod)
        x {:a [1 2] :b #{:c}}
        xs [1 2 3]
        sym 'inc]
    (is (= (assoc x :d 1) (pod/with-eval-in p (assoc ~x :d 1))))
    (is (= 6 (pod/with-eval-in p (+ ~@xs))))
    (is (= [2 3 4] (pod/with-eval-in p (mapv ~sym ~xs))) "a spliced symbol is code, as in Boot")
    (is (= 'inc (pod/with-eval-in p '~sym)) "quoted, it is data")
    (is (= '(a b) (pod/with-eval-in p (quote (a b)))) "forms are sent unevaluated, symbols unqualified")
    (is (= 10 (pod/with-eval-in p (let [y 4] (+ y ~(+ 2 4))))))
    (is (= 3 (pod/with-eval-in p (defn ^:private len [^String s] (.length s)) (len "abc")))
        "type hints cross with the code")))

(deftest data-arrives-as-the-hosts-own-clojure-values
  (let [p (new-pod)
        v (pod/with-eval-in p
            (defrecord Point [x y])
            {:kw :ns/k, :sym 'a/b, :vec [1 2], :list '(1 2), :seq (map inc [1 2]), :set #{1},
             :ratio 1/3, :big 2N, :dec 1.5M, :dbl 2.5, :ch \x, :nil nil, :str "s"
             :sorted (sorted-map :b 1 :a 2), :rec (->Point 1 2), :meta (with-meta [1] {:doc "d"})})]
    (is (= {:kw :ns/k, :sym 'a/b, :vec [1 2], :list '(1 2), :seq '(2 3), :set #{1}, :ratio 1/3,
            :big 2N, :dec 1.5M, :dbl 2.5, :ch \x, :nil nil, :str "s", :sorted {:a 2 :b 1},
            :rec {:x 1 :y 2}, :meta [1]}
           v))
    (is (keyword? (:kw v)))
    (is (symbol? (:sym v)))
    (is (vector? (:vec v)))
    (is (seq? (:list v)))
    (is (seq? (:seq v)))
    (is (ratio? (:ratio v)) "exact, not rounded")
    (is (instance? clojure.lang.BigInt (:big v)))
    (is (sorted? (:sorted v)))
    (is (= [:a :b] (keys (:sorted v))))
    (is (= {:doc "d"} (meta (:meta v))) "metadata on evaluation results")
    (is (instance? clojure.lang.Keyword (:kw v)) "the host's own classes")))

(deftest host-values-arrive-as-the-pods-clojure-values
  (let [p (new-pod)
        v {:kw :ns/k :sym 'a/b :vec [1 2] :list '(1 2) :set #{:x} :ratio 2/3 :big 5N :dec 1.5M
           :sorted (sorted-map :b 1 :a 2) :rec (->Point 1 2) :ch \y}]
    (is (= (pr-str (assoc v :rec {:x 1 :y 2}))
           (pod/with-call-in p (clojure.core/pr-str ~v))))
    (is (= [true true true true true]
           (pod/with-eval-in p (let [v '~v]
                                 [(vector? (:vec v)) (seq? (:list v)) (ratio? (:ratio v))
                                  (instance? clojure.lang.BigInt (:big v)) (symbol? (:sym v))]))))
    ;; as data (not code, where Clojure's compiler rebuilds a quoted map constant as a plain map)
    (is (true? (pod/with-call-in p (clojure.core/sorted? ~(:sorted v)))))
    (is (= {:k 1} (pod/with-eval-in p (meta '~(with-meta 'x {:k 1})))) "metadata on code crosses")
    (is (= (assoc v :rec {:x 1 :y 2}) (pod/with-call-in p (clojure.core/identity ~v))) "a round trip is identity")
    (let [e (is (thrown? clojure.lang.ExceptionInfo (pod/with-eval-in p (let [v ~v] v))))]
      (is (re-find #"No such namespace: a" (ex-message e))
          "a spliced symbol is code (as in Boot); the root cause is in the message"))))

(deftest references-print-or-refuse-never-nil
  (let [p (new-pod)
        var (pod/with-eval-in p (def x 1))]
    (is (instance? Opaque var))
    (is (= "#'user/x" (pr-str var)))
    (is (= "clojure.lang.Atom" (.type ^Opaque (pod/with-eval-in p (atom 1)))))
    (is (= 1 (pod/with-eval-in p x)))
    (let [e (is (thrown? clojure.lang.ExceptionInfo (binding [pod/*strict* true] (pod/with-eval-in p (atom 1)))))]
      (is (= {:pods/error :not-data :pods/type "clojure.lang.Atom" :pods/side :pod} (ex-data e)))
      (is (re-find #"an atom holds mutable state that lives in the pod" (ex-message e))))
    (let [e (is (thrown? clojure.lang.ExceptionInfo (pod/with-call-in p (clojure.core/atom 1))))]
      (is (= :not-data (:pods/error (ex-data e)))))
    (let [e (is (thrown? clojure.lang.ExceptionInfo (pod/with-eval-in p (count ~(atom 1)))))]
      (is (= {:pods/error :not-data :pods/type "clojure.lang.Atom" :pods/side :host} (ex-data e)))
      (is (re-find #"lives in the host; pass its current value" (ex-message e))))))

(deftest with-call-in-and-require-in
  (let [p (new-pod)]
    (is (= "PODS" (pod/with-call-in p (clojure.string/upper-case ~"pods"))))
    (is (= "PODS" (pod/call-in* p '(clojure.string/upper-case "pods"))))
    (is (identical? p (pod/require-in p 'clojure.set)))
    (is (= #{1 2} (pod/with-eval-in p (clojure.set/union #{1} #{2}))))
    (is (thrown-with-msg? clojure.lang.ExceptionInfo #"namespace-qualified symbol"
                          (pod/call-in* p '(upper-case "x"))))
    (let [e (is (thrown? clojure.lang.ExceptionInfo (pod/require-in p 'no.such.lib)))]
      (is (= :thrown (:pods/error (ex-data e)))))))

(deftest errors-are-ex-info-with-the-reason
  (let [p (new-pod)
        e (is (thrown? clojure.lang.ExceptionInfo (pod/with-eval-in p (throw (ex-info "boom" {:k 1})))))]
    (is (= :thrown (:pods/error (ex-data e))))
    (is (re-find #"boom" (ex-message e)))
    (is (instance? dev.pods.PodCallException (ex-cause e))))
  (is (thrown-with-msg? clojure.lang.ExceptionInfo #"not a pod" (pod/with-eval-in nil 1))))

(deftest pod-pool-answers-current-refresh-shutdown
  (let [inits (atom 0)
        destroyed (atom 0)
        pool (pod/pod-pool (env "1.12.3") :size 1
                           :init (fn [p] (swap! inits inc) (pod/with-eval-in p (def warmed true)))
                           :destroy (fn [p] (swap! destroyed inc)))]
    (try
      (let [a (pool)]
        (is (instance? Pod a))
        (is (identical? a (pool)) "the current pod until a refresh")
        (is (true? (pod/with-eval-in a warmed)) ":init ran before the pod was handed out")
        (let [b (pool :refresh)]
          (is (not (identical? a b)))
          (is (identical? b (pool)))
          (is (true? (pod/with-eval-in b warmed)))))
      (is (thrown-with-msg? clojure.lang.ExceptionInfo #"answers \(pool\)" (pool :bogus)))
      (finally (pool :shutdown)))
    (is (pos? @inits))
    (is (= @inits @destroyed) "every pod made was destroyed by :shutdown, :destroy ran on each")
    (is (thrown? clojure.lang.ExceptionInfo (pool)))))

(defn run-test
  "Runs one test var; nil when it passed, else clojure.test's report."
  [sym]
  (let [v (ns-resolve 'pods.boot-test sym)
        out (java.io.StringWriter.)]
    (binding [clojure.test/*test-out* out
              clojure.test/*report-counters* (ref clojure.test/*initial-report-counters*)]
      (clojure.test/test-vars [v])
      (let [{:keys [fail error]} @clojure.test/*report-counters*]
        (when (pos? (+ fail error))
          (str out))))))

(defn test-names []
  (->> (ns-interns 'pods.boot-test) vals (filter (comp :test meta)) (map (comp str :name meta)) sort))
