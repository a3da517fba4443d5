/**
 * Tokenizers: a character-level vocabulary for the early lectures, minbpe's byte-level BPE ({@link
 * io.github.zth.data.tokenizer.BasicTokenizer}, {@link
 * io.github.zth.data.tokenizer.RegexTokenizer}), and tiktoken rank files ({@link
 * io.github.zth.data.tokenizer.TiktokenEncoding}).
 *
 * <pre>{@code
 * RegexTokenizer tok = RegexTokenizer.train(text, 512, SplitPattern.GPT4);
 * int[] ids = tok.encode("hello world");
 * tok.save(Path.of("toy"));               // toy.model + toy.vocab, minbpe's formats
 * Tokenizer again = Tokenizer.load(Path.of("toy.model"));
 * }</pre>
 */
package io.github.zth.data.tokenizer;
