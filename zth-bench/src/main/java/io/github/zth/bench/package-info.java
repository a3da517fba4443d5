/** JMH benchmarks for the zth kernels (not published). */
package io.github.zth.bench;
