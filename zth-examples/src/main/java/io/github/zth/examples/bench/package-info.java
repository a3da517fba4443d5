/**
 * {@code zth bench}: speed measurements of the kernels, printed as {@code key: value} lines that
 * {@code tools/bench/} compares with numpy/OpenBLAS run on the same machine.
 */
package io.github.zth.examples.bench;
