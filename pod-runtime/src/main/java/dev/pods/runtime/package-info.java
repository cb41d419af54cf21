/**
 * Makes and runs pods: {@link dev.pods.runtime.Pods#create} and {@link dev.pods.runtime.Pods#leaks}.
 * The pod implementation, call dispatch, output routing and the evaluator registry are
 * package-private.
 */
package dev.pods.runtime;
