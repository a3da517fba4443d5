/** Implementation detail of zth-gpt: kernels, file formats. Not a public API. */
package io.github.zth.gpt.internal;
