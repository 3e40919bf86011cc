/**
 * Deployments (spec §3.12, §4.10): which version of a file is deployed to which environment,
 * decided by the {@code File} aggregate from its own events and kept, for lookups, in
 * {@link dev.tracevault.command.fileregistry.FileDeployments}.
 */
package dev.tracevault.command.deployment;
