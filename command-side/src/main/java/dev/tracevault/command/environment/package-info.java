/**
 * The workspace's environments (spec §4.10): the {@code Workspace} aggregate decides their names
 * (unique) and that the default one stays; {@link dev.tracevault.command.environment.EnvironmentRegistry}
 * keeps them as a table for lookups in other transactions, and {@link
 * dev.tracevault.command.environment.EnvironmentChanges} runs a change with the set-wide check no
 * aggregate can make (an environment that holds deployments stays).
 */
package dev.tracevault.command.environment;
