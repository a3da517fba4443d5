/** The {@code zth} command-line program and its subcommands, one per lecture of the course. */
package io.github.zth.examples;
