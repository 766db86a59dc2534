/**
 * The {@code cordon} commands that run without starting the framework: installing, listing, removing and validating
 * plugins, their secrets, and new plugin projects. {@link dev.cordon.cli.CordonCli} is what {@code bin/cordon}
 * dispatches to; {@link dev.cordon.cli.ProjectTemplate} is the SPI of {@code cordon new KIND}.
 */
package dev.cordon.cli;
