/**
 * Interfaces for tools that plug into Pods rather than use it: {@link dev.pods.spi.PodResolver},
 * which a build tool implements so that pods resolve as its own build does.
 */
package dev.pods.spi;
