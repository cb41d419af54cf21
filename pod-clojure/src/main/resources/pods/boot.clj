(ns pods.boot
  "Boot's boot.pod API for a Clojure host, over Pods: a Boot task's pod code ports by requiring
  pods.boot instead of boot.pod.

    (require '[pods.boot :as pod])
    (def p (pod/make-pod (update (pod/get-env) :dependencies conj '[cheshire \"5.13.0\"])))
    (let [data {:a [1 2]}]
      (pod/with-eval-in p
        (require '[cheshire.core :as json])
        (json/generate-string ~data)))                 ;=> \"{\\\"a\\\":[1,2]}\"
    (pod/with-call-in p (clojure.string/upper-case ~\"pods\"))
    (pod/destroy-pod p)

  Each pod runs its own Clojure (its own version, its own clojure.lang classes), so values cross
  as neutral data (see pods.data) and arrive as this host's own Clojure values: keywords,
  symbols, vectors and lists, sets, maps, ratios, BigInts, records as maps, and metadata on
  evaluation results. Unlike Boot, nothing that cannot be read back becomes nil:

    - with-eval-in returns a value that is not data (a var, atom, function, namespace...) as a
      dev.pods.Opaque that prints as the pod printed it, so (def x 1) gives #'user/x; bound
      *strict* true, it throws instead;
    - with-call-in refuses such a result, and a host value that is not data (an atom, a fn)
      cannot be spliced or passed;
    - every failure is an ex-info whose data says why (:pods/error :not-data, :thrown, :pod) and
      whose cause is the typed dev.pods exception."
  (:require [pods.data :as data])
  (:import (dev.pods Opaque Pod PodBridgeException PodCallException PodClosedException PodDependency PodEnv
                     PodEvalException PodException PodPool Symbol)
           (dev.pods.runtime Pods)
           (java.net URI)
           (java.nio.file Path Paths)
           (java.util.function Consumer)))

(def ^:dynamic *strict*
  "When true, with-eval-in throws (ex-info, :pods/error :not-data) for a value that is not data
  instead of returning it as dev.pods.Opaque."
  false)

(defmethod print-method Opaque [^Opaque o ^java.io.Writer w]
  (.write w (.printed o)))

;; ---- errors ------------------------------------------------------------------------------------

(defn- error-data [^Throwable e]
  (cond
    (instance? PodBridgeException e) {:pods/error :not-data
                                      :pods/type (.typeName ^PodBridgeException e)
                                      :pods/side (keyword (.toLowerCase (.name (.side ^PodBridgeException e))))}
    (instance? PodCallException e) {:pods/error :thrown
                                    :pods/class (.remoteClassName ^PodCallException e)
                                    :pods/message (.remoteMessage ^PodCallException e)}
    (instance? PodEvalException e) {:pods/error :eval}
    (instance? PodClosedException e) {:pods/error :closed}
    :else {:pods/error :pod}))

(defn- root-cause
  "The innermost remote cause of a PodCallException, when it has one."
  [^Throwable e]
  (when (instance? PodCallException e)
    (loop [^PodCallException c (.remoteCause ^PodCallException e) last nil]
      (if c (recur (.remoteCause c) c) last))))

(defn- fail [what ^Throwable e]
  (let [^PodCallException root (root-cause e)]
    (throw (ex-info (str what ": " (.getMessage e)
                         (when root
                           (str " (caused by " (.remoteClassName root)
                                (when-let [m (.remoteMessage root)] (str ": " m)) ")")))
                    (error-data e) e))))

(defmacro ^:private reporting
  "Runs body; a PodException becomes an ex-info saying what was being done."
  [what & body]
  `(try
     ~@body
     (catch PodException e#
       (fail ~what e#))))

(defn- pod! ^Pod [pod what]
  (when-not (instance? Pod pod)
    (throw (ex-info (str what ": not a pod: " (pr-str pod) "; make one with make-pod or take one from a pod-pool")
                    {:pods/error :not-a-pod})))
  pod)

(def ^:private host-strict {:strict? true :meta? true :side :host})

;; ---- environments ------------------------------------------------------------------------------

(defn get-env
  "The host's environment as a Boot-style env map: the host's repositories, mirrors and settings
  (kept under :pods/env, a dev.pods.PodEnv) and this host's Clojure as the one dependency. Add
  to it, as with Boot's (get-env), before make-pod or pod-pool:

    (update (get-env) :dependencies conj '[org.clojure/data.json \"2.5.0\"])

  Keys make-pod understands: :dependencies (Boot/Leiningen vectors, with :exclusions,
  :classifier, :extension), :repositories ([id url] or [id {:url url}]), :local-repo, :offline?,
  :source-paths, :resource-paths, :directories and :classpath (folders and jars after the
  dependencies), :shared-packages, :name."
  []
  {:dependencies [['org.clojure/clojure (clojure-version)]]
   :pods/env (PodEnv/current)})

(defn- coordinate ^PodDependency [dep]
  (let [[sym version & {:keys [exclusions classifier extension]}] dep
        _ (when-not (and (symbol? sym) (string? version))
            (throw (ex-info (str "a dependency is [group/artifact \"version\" & options], was " (pr-str dep))
                            {:pods/error :bad-env :dependency dep})))
        group (or (namespace sym) (name sym))
        coord (str group ":" (name sym)
                   (when (or extension classifier) (str ":" (or extension "jar")))
                   (when classifier (str ":" classifier))
                   ":" version)
        excl (for [e exclusions
                   :let [s (if (sequential? e) (first e) e)]]
               (str (or (namespace s) (name s)) ":" (name s)))]
    (PodDependency/of coord (into-array String excl))))

(defn- path ^Path [p]
  (if (instance? Path p) p (Paths/get (str p) (make-array String 0))))

(defn- clojure-dependency? [^PodDependency d]
  (.startsWith (.coordinate d) "org.clojure:clojure:"))

(defn pod-env
  "The dev.pods.PodEnv an env map (or a PodEnv, returned as it is) describes; a map without
  org.clojure/clojure among its dependencies gets this host's version."
  ^PodEnv [env]
  (cond
    (instance? PodEnv env) env
    (map? env)
    (let [{:keys [dependencies repositories local-repo offline? source-paths resource-paths directories
                  classpath shared-packages name]} env
          deps (mapv coordinate dependencies)
          deps (if (some clojure-dependency? deps)
                 deps
                 (conj deps (coordinate ['org.clojure/clojure (clojure-version)])))
          base ^PodEnv (or (:pods/env env) (PodEnv/current))
          with-repos (reduce (fn [^PodEnv e [id spec]]
                               (.withRepository e (str id) (URI. (str (if (map? spec) (:url spec) spec)))))
                             base repositories)
          dirs (map path (concat source-paths resource-paths directories classpath))]
      (cond-> (.withDependencies with-repos ^"[Ldev.pods.PodDependency;" (into-array PodDependency deps))
        local-repo (.withLocalRepository (path local-repo))
        (some? offline?) (.withOffline (boolean offline?))
        (seq dirs) (.withClasspath (into-array Path dirs))
        (seq shared-packages) (.withSharedPackages (into-array String (map str shared-packages)))
        name (.withName (str name))))
    :else (throw (ex-info (str "an env is a map (see get-env) or a dev.pods.PodEnv, was " (pr-str env))
                          {:pods/error :bad-env}))))

;; ---- pods --------------------------------------------------------------------------------------

(defn make-pod
  "A new pod over env (a map as get-env returns, or a dev.pods.PodEnv); (make-pod) uses (get-env).
  Close it with destroy-pod."
  (^Pod [] (make-pod (get-env)))
  (^Pod [env] (reporting "make-pod" (Pods/create (pod-env env)))))

(defn destroy-pod
  "Closes the pod: stops what it started and releases its classes. Harmless twice."
  [pod]
  (when pod
    (.close (pod! pod "destroy-pod")))
  nil)

(defn eval-in*
  "Evaluates expr (data: a form) in the pod and returns its value as this host's data. opts:
  :strict? (default *strict*) and :meta? (default true)."
  ([pod expr] (eval-in* pod expr nil))
  ([pod expr opts]
   (let [p (pod! pod "eval-in*")
         form (reporting "eval-in*" (data/->java expr host-strict))
         o (data/->java (merge {:strict? *strict* :meta? true} opts) host-strict)]
     (data/->clj (reporting "eval-in*" (.call p "clojure:pods.pod/eval-form" (object-array [form o])))))))

(defn- unquote? [x]
  (and (seq? x) (= 'clojure.core/unquote (first x))))

(defn- unquote-splicing? [x]
  (and (seq? x) (= 'clojure.core/unquote-splicing (first x))))

(defn- template*
  "Code that builds form at run time: as written (symbols stay unqualified, unlike syntax-quote),
  except that ~x is the host's value of x and ~@xs splices the host's xs."
  [form]
  (let [built (cond
                (unquote? form) (second form)
                (unquote-splicing? form) (throw (IllegalArgumentException.
                                                 (str "~@ splices into a list, vector or set, not here: "
                                                      (pr-str form))))
                (or (seq? form) (vector? form) (set? form))
                (let [parts (map (fn [x] (if (unquote-splicing? x) (second x) [(template* x)])) form)
                      items `(concat ~@parts)]
                  (cond (seq? form) `(apply list ~items)
                        (vector? form) `(vec ~items)
                        :else `(set ~items)))
                (map? form) `(hash-map ~@(mapcat (fn [[k v]] [(template* k) (template* v)]) form))
                :else (list 'quote form))]
    (if (and (instance? clojure.lang.IObj form) (seq (meta form)) (not (unquote? form)) (not (symbol? form)))
      `(with-meta ~built '~(meta form))
      built)))

(defmacro template
  "The form as data, with ~x replaced by the host's value of x and ~@xs spliced: Boot's template."
  [form]
  (template* form))

(defmacro with-eval-in
  "Evaluates body in the pod and returns the last value as this host's data. body is sent as
  written, except ~x, which splices the host's value of x (as data: quote it, '~x, to send a
  symbol or list unevaluated), and ~@xs. A value that is not data comes back as dev.pods.Opaque,
  its printed form ((def x 1) gives #'user/x), or with *strict* bound true, throws."
  [pod & body]
  `(eval-in* ~pod ~(template* (cons 'do body))))

(defn call-in*
  "Calls (f & args) in the pod: expr is a list whose head is a namespace-qualified symbol; the
  namespace is required on first use. The result must be data (a strict crossing)."
  [pod expr]
  (let [p (pod! pod "call-in*")
        [f & args] expr]
    (when-not (and (symbol? f) (namespace f))
      (throw (ex-info (str "call-in*: the head of " (pr-str expr) " must be a namespace-qualified symbol,"
                           " e.g. (clojure.string/upper-case \"x\")")
                      {:pods/error :bad-call :expr expr})))
    (let [what (str "call-in* " f)
          jargs (reporting what (object-array (map #(data/->java % host-strict) args)))]
      (data/->clj (reporting what (.call p (str "clojure:" f) jargs))))))

(defmacro with-call-in
  "(with-call-in pod (ns/f arg...)): calls ns/f in the pod with the arguments as data (~x splices
  the host's value of x) and returns the result as this host's data."
  [pod expr]
  `(call-in* ~pod ~(template* expr)))

(defn require-in
  "Requires the namespace ns (a symbol or string) in the pod; returns the pod."
  [pod ns]
  (let [p (pod! pod "require-in")]
    (reporting (str "require-in " ns)
               (.call p "clojure:clojure.core/require" (object-array [(Symbol/parse (str ns))])))
    p))

;; ---- pools -------------------------------------------------------------------------------------

(defn- consumer ^Consumer [f]
  (reify Consumer
    (accept [_ pod] (f pod))))

(defn pod-pool
  "Boot's pod-pool: pods over env kept warm in the background. Returns a function:
  (pool) the current pod, (pool :refresh) swaps in a fresh warm pod and returns it (the old one
  is destroyed in the background), (pool :shutdown) destroys them all. Options: :size (warm pods
  besides the current one, default 1), :init (fn [pod] ...) run on each pod before it is handed
  out (require the namespaces it will need), :destroy (fn [pod] ...) run on each before it closes."
  [env & {:keys [size init destroy]}]
  (let [b (cond-> (PodPool/builder (pod-env env))
            size (.size (int size))
            init (.init (consumer init))
            destroy (.destroy (consumer destroy)))
        ^PodPool pool (reporting "pod-pool" (.build b))]
    (fn pool-fn
      ([] (reporting "pod-pool" (.current pool)))
      ([op]
       (case op
         :refresh (reporting "pod-pool :refresh" (.refresh pool))
         :shutdown (do (.close pool) nil)
         (throw (ex-info (str "a pod pool answers (pool), (pool :refresh) and (pool :shutdown), not "
                              (pr-str op))
                         {:pods/error :bad-op :op op})))))))
