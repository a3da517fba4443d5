/**
 * File utilities every zth module shares, so each idea has one home: {@link
 * io.github.zth.autograd.io.AtomicFiles} writes files and whole folders so that a crash never leaves
 * a half-written one, and {@link io.github.zth.autograd.io.TextFiles} reads text strictly, with
 * errors that name the file and the byte offset instead of the decoder's "Input length = 1".
 */
package io.github.zth.autograd.io;
