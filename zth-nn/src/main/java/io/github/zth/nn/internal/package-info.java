/**
 * Implementation detail of zth-nn (safetensors format, JSON, atomic file writes). Not public API:
 * it may change without notice.
 */
package io.github.zth.nn.internal;
