/**
 * Random streams that reproduce PyTorch 1.13's ({@link io.github.zth.autograd.random.Generator})
 * and CPython's ({@link io.github.zth.autograd.random.PythonRandom}) bit for bit, so seeded runs
 * print the lectures' numbers. The engines and the maths they rely on live in the {@code internal}
 * sub-package.
 */
package io.github.zth.autograd.random;
