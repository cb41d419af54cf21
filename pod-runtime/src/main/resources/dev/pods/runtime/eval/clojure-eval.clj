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

;; ---- the reload loop (dev.pods.pool.Reloader with clojure: start and stop vars) ----------------
;; The system value stays here, in the pod: it may hold threads and sockets, and never crosses.

(def ^:private system (atom nil))

(defn- tools-namespace? []
  (let [l (clojure.lang.RT/baseLoader)]
    (boolean (or (.getResource l "clojure/tools/namespace/repl.clj")
                 (.getResource l "clojure/tools/namespace/repl__init.class")))))

;; What a pod loaded is compared with the files by content, not by tools.namespace's timestamps
;; alone: a file system's timestamps are coarse (a tick of the kernel's clock, a second, two on
;; FAT), so a file written just after a scan may keep the timestamp the scan saw, and a pod that
;; loaded the application ahead of its start (prepare) must never start code older than the files.

(def ^:private recent-ms
  "Files whose timestamps are this close to a snapshot (or later) are hashed as well."
  2000)

(defn- refresh-var [sym]
  (require 'clojure.tools.namespace.repl)
  (resolve (symbol "clojure.tools.namespace.repl" (name sym))))

(defn- app-dirs
  "The directories tools.namespace's refresh scans: its refresh-dirs, else the pod's classpath
  directories."
  []
  (let [dirs (seq @(refresh-var 'refresh-dirs))]
    (if dirs
      (map clojure.java.io/file dirs)
      (do (require 'clojure.java.classpath)
          ((resolve 'clojure.java.classpath/classpath-directories))))))

(def ^:private no-links (make-array java.nio.file.LinkOption 0))

(defn- digest [^java.nio.file.Path p]
  (vec (.digest (java.security.MessageDigest/getInstance "SHA-256") (java.nio.file.Files/readAllBytes p))))

(defn- file-state
  "[size mtime ctime file-key digest-or-nil] of a file, nil when it vanished meanwhile. Hashed when
  recent (see recent-ms) or when it was hashed before (old): equal metadata alone proves nothing then."
  [^java.nio.file.Path p since old]
  (try
    (let [a (java.nio.file.Files/readAttributes p java.nio.file.attribute.BasicFileAttributes ^"[Ljava.nio.file.LinkOption;" no-links)
          mtime (.toMillis (.lastModifiedTime a))
          ctime (try
                  (.toMillis ^java.nio.file.attribute.FileTime (java.nio.file.Files/getAttribute p "unix:ctime" no-links))
                  (catch UnsupportedOperationException _ mtime)
                  (catch IllegalArgumentException _ mtime))]
      [(.size a) mtime ctime (str (.fileKey a))
       (when (or (> (max mtime ctime) since) (peek old)) (digest p))])
    (catch java.io.IOException _ nil)))

(defn- snapshot
  "{path state} of every file under the application's directories, hashing as file-state says."
  [old]
  (let [since (- (System/currentTimeMillis) recent-ms)]
    (into {} (for [^java.io.File d (app-dirs)
                   :when (.isDirectory d)
                   ^java.io.File f (file-seq d)
                   :when (.isFile f)
                   :let [path (.getPath f)
                         st (file-state (.toPath f) since (get old path))]
                   :when st]
               [path st]))))

(defn- changes
  "The paths that differ between two snapshots (changed, added or gone)."
  [old new]
  (concat (for [[path st] new :when (not= st (get old path))] path)
          (remove #(contains? new %) (keys old))))

(defn- source? [^String path]
  (or (.endsWith path ".clj") (.endsWith path ".cljc")))

(defn- ensure-ok [r]
  (when (instance? Throwable r)
    (throw r))
  r)

(defn- refresh!
  "tools.namespace's refresh over the pod's own directories: unloads and reloads the changed
  namespaces and those that depend on them, in dependency order. Its failure is thrown."
  []
  (ensure-ok ((refresh-var 'refresh))))

(defn- refresh-all! []
  (ensure-ok ((refresh-var 'refresh-all))))

(defn- mark-changed!
  "Tells tools.namespace that these source files changed, whatever their timestamps say."
  [paths]
  (require 'clojure.tools.namespace.file)
  (let [add-files (resolve 'clojure.tools.namespace.file/add-files)
        files (map clojure.java.io/file paths)]
    (alter-var-root (refresh-var 'refresh-tracker)
                    (fn [t] (-> (add-files t files)
                                (update :clojure.tools.namespace.dir/files (fnil into #{}) files))))))

;; {:snapshot s}: the application's namespaces were loaded from the files as s found them;
;; {:failed true}: a load failed half-way; nil: nothing loaded yet (a fresh pod).
(def ^:private loaded (atom nil))

(defn- sync!
  "Brings the application's namespaces in this pod up to date with the files (needs
  tools.namespace): everything the first time; after that the changed source files and the
  namespaces that depend on them, in dependency order; every namespace again after a failed load
  or when another file changed (a resource a namespace may read as it loads). Nothing when no file
  differs from what was loaded. The snapshot is taken before loading, so a file that changes while
  the load reads it differs the next time. A failure is thrown. Returns the paths reloaded for."
  []
  (locking loaded
    (let [prev @loaded
          snap (snapshot (:snapshot prev))
          changed (when (:snapshot prev) (changes (:snapshot prev) snap))]
      (reset! loaded {:failed true})
      (cond
        (nil? prev) (refresh!)
        (:failed prev) (refresh-all!)
        (empty? changed) nil
        (every? source? changed) (do (mark-changed! (filter #(contains? snap %) changed)) (refresh!))
        :else (refresh-all!))
      (reset! loaded {:snapshot snap})
      changed)))

(defn ^{::neutral true} refresh
  "Refreshes changed namespaces in this pod: \"refreshed\", or \"unavailable\" without tools.namespace."
  []
  (if (tools-namespace?)
    (do (sync!) "refreshed")
    "unavailable"))

(defn ^{::neutral true} warm
  "Loads what every reset needs and is not application code: tools.namespace, when present,
  and the compiler's paths for an ns form and a few definitions (in a namespace removed after)."
  []
  (when (tools-namespace?)
    (require 'clojure.tools.namespace.repl)
    (require 'clojure.tools.namespace.file)
    (require 'clojure.tools.namespace.parse)
    (require 'clojure.java.classpath)
    ((resolve 'clojure.tools.namespace.parse/read-ns-decl)
     (java.io.PushbackReader. (java.io.StringReader. "(ns pods.warm (:require [clojure.string :as s]))"))))
  (binding [*ns* *ns*]
    (eval '(ns pods.warm-up (:require [clojure.string :as s])))
    (eval '(do (defonce state (atom nil))
               (defn f [x] (let [y (s/upper-case (str x))] (swap! state assoc :y y) {:y y}))
               (f 1))))
  (remove-ns 'pods.warm-up)
  (dosync (commute @#'clojure.core/*loaded-libs* disj 'pods.warm-up))
  nil)

(defn ^{::neutral true} prepare
  "What a pool's init runs for a Clojure system (the Reloader's warm pods do): warm, then, with
  tools.namespace, loads the application's namespaces from the pod's directories without starting
  anything, so that start-system later only reloads what changed since (compared by content).
  Quiet: what loading prints is dropped. Returns \"prepared\"; \"unavailable\" without
  tools.namespace; \"not prepared: ...\" when the directories hold compiled classes (a class, once
  loaded, cannot be reloaded, so the start loads everything); \"failed: ...\" when the code does not
  load (the start loads everything again and reports the failure then)."
  []
  (warm)
  (cond
    (not (tools-namespace?)) "unavailable"
    @system "not prepared: a system is running in this pod"
    :else
    (if-let [classes (first (filter #(.endsWith ^String % ".class") (keys (snapshot nil))))]
      (str "not prepared: the application's directories hold compiled classes (" classes ")")
      (try
        (binding [*out* (java.io.StringWriter.)]
          (sync!))
        "prepared"
        (catch Throwable e
          (when (instance? VirtualMachineError e)
            (throw e))
          (reset! loaded {:failed true})
          (str "failed: " e))))))

(defn ^{::neutral true} start-system
  "Starts the system with the var named by target (no arguments) and keeps its value in the pod.
  With tools.namespace present, first brings the application's namespaces up to date (sync!: all
  of them in a fresh pod, what changed since they were loaded otherwise). Returns \"refreshed\"
  (tools.namespace present) or \"required\"."
  [^String target]
  (when @system
    (throw (IllegalStateException. "a system is already running in this pod; stop it first")))
  (let [refreshed (when (tools-namespace?) (sync!) true)
        [_ f] (resolve-target target)]
    (reset! system {:value (f)})
    (if refreshed "refreshed" "required")))

(defn- takes-one? [f]
  (or (and (instance? clojure.lang.RestFn f) (<= (.getRequiredArity ^clojure.lang.RestFn f) 1))
      (some (fn [^java.lang.reflect.Method m]
              (and (= "invoke" (.getName m)) (= 1 (.getParameterCount m))))
            (.getDeclaredMethods (class f)))))

(defn ^{::neutral true} stop-system
  "Stops the running system with the var named by target (given the system value when it takes
  one argument, else nothing); target nil only forgets it. \"stopped\" or \"not running\"."
  [target]
  (if-let [{s :value} @system]
    (do (reset! system nil)
        (when target
          (let [[_ f] (resolve-target target)]
            (if (takes-one? f) (f s) (f))))
        "stopped")
    "not running"))
