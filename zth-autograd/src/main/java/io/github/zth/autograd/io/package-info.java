/**
 * The file utilities every zth module shares: a strict JSON reader and writer ({@link
 * io.github.zth.autograd.io.Json}), flat settings objects with typed field readers ({@link
 * io.github.zth.autograd.io.JsonObject}). They live in the lowest module so that nn, data, gpt and the
 * command-line program read and write files one way, with one style of error message.
 */
package io.github.zth.autograd.io;
