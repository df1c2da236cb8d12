/**
 * The {@code tokenkit} command line ({@link dev.tokenkit.cli.TokenkitCli}); see {@code docs/cli.md}.
 */
package dev.tokenkit.cli;
