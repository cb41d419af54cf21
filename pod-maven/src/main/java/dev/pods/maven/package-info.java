/**
 * Pods inside a Maven build, for mojo authors: {@link dev.pods.maven.MavenPods} (the build's
 * pods, warm across a reactor's modules, output to the mojo's log, closed when the build ends) and
 * {@link dev.pods.maven.MavenPodResolver} (resolution through the build's own repository system,
 * session and repositories). Runs in the plugin realm of Maven 3.8 and 3.9 without loading Pods'
 * own resolver stack.
 */
package dev.pods.maven;
