/**
 * jqwik arbitraries for testing code built on zth the way zth tests its own: tensors, shapes and
 * dtypes ({@link io.github.zth.testing.TensorArbitraries}) and modules ({@link
 * io.github.zth.testing.ModuleArbitraries}). The assertions they feed are {@link
 * io.github.zth.autograd.GradCheck#assertGradients} and {@link
 * io.github.zth.nn.ModuleGradCheck#assertGradients}, which this artifact brings onto the test
 * classpath with zth-nn and jqwik; it has no copies of them. Add it in test scope.
 */
package io.github.zth.testing;
