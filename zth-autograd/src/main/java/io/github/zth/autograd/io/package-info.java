/**
 * The file utilities every zth module shares, so each idea has one home and one style of error
 * message: {@link io.github.zth.autograd.io.AtomicFiles} writes files and whole folders so that a
 * crash never leaves a half-written one; {@link io.github.zth.autograd.io.TextFiles} reads text
 * strictly, with errors that name the file and the byte offset instead of the decoder's "Input
 * length = 1"; {@link io.github.zth.autograd.io.Json} is a strict JSON reader and writer, and
 * {@link io.github.zth.autograd.io.JsonObject} reads flat settings files with typed fields.
 */
package io.github.zth.autograd.io;
