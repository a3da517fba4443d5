// Lecture 8: let's build the GPT tokenizer (byte-pair encoding, as minbpe does it), cell by cell.
// Run it with `bin/zth jshell 08-tokenizer`, then keep typing: tok.encode("hello"), merges, ...

// cell: strings are Unicode code points; the tokenizer works on their UTF-8 bytes
System.out.println("ord('h') = " + (int) 'h' + ", ord('안') = " + "안".codePointAt(0));
var text = Files.readString(data("taylorswift.txt"));
var tokens = new ArrayList<Integer>();
for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) tokens.add(b & 0xff);
System.out.println("characters: " + text.length() + ", bytes: " + tokens.size());

// cell: get_stats: how often each consecutive pair occurs
Map<List<Integer>, Integer> getStats(List<Integer> ids) {
  var counts = new HashMap<List<Integer>, Integer>();
  for (int i = 0; i + 1 < ids.size(); i++) counts.merge(List.of(ids.get(i), ids.get(i + 1)), 1, Integer::sum);
  return counts;
}
var stats = getStats(tokens);
var top = Collections.max(stats.entrySet(), Map.Entry.comparingByValue());
System.out.println("most common pair: " + top.getKey() + " x" + top.getValue());

// cell: merge: replace every occurrence of pair with the new token idx
List<Integer> merge(List<Integer> ids, List<Integer> pair, int idx) {
  var out = new ArrayList<Integer>();
  for (int i = 0; i < ids.size(); ) {
    if (i + 1 < ids.size() && ids.get(i).equals(pair.get(0)) && ids.get(i + 1).equals(pair.get(1))) { out.add(idx); i += 2; }
    else out.add(ids.get(i++));
  }
  return out;
}
System.out.println(merge(List.of(5, 6, 6, 7, 9, 1), List.of(6, 7), 99));   // [5, 6, 99, 9, 1]

// cell: training: 20 merges, most common pair first (ties: the pair seen first, as Python's max does)
int vocab_size = 276;
var ids = new ArrayList<>(tokens);
var merges = new LinkedHashMap<List<Integer>, Integer>();
for (int i = 0; i < vocab_size - 256; i++) {
  var st = getStats(ids);
  List<Integer> pair = null; int best = -1;
  for (int k = 0; k + 1 < ids.size(); k++) {   // first occurrence order breaks ties like a Python dict
    var p = List.of(ids.get(k), ids.get(k + 1));
    if (st.get(p) > best) { best = st.get(p); pair = p; }
  }
  int idx = 256 + i;
  ids = new ArrayList<>(merge(ids, pair, idx));
  merges.put(pair, idx);
}
System.out.printf("tokens: %d, ids: %d, compression ratio: %.2fX%n", tokens.size(), ids.size(), (double) tokens.size() / ids.size());

// cell: the library's tokenizers: minbpe's RegexTokenizer with the GPT-4 split pattern, trained to 512
var tok = RegexTokenizer.train(text, 512, SplitPattern.GPT4);
var enc = tok.encode("hello world!!!?");
System.out.println("encode: " + Arrays.toString(enc) + " -> decode: " + tok.decode(enc));
System.out.println("round trip of the whole text: " + tok.decode(tok.encode(text)).equals(text));

// cell: the regex that splits text before BPE, so merges never cross categories
System.out.println(SplitPattern.GPT4.split("Hello've world123 how's are you!!!?"));

// cell: GPT-4's own tokenizer, cl100k_base (tiktoken's rank file)
var cl100k = TiktokenEncoding.cl100k(data("cl100k_base.tiktoken"));
System.out.println("cl100k_base: " + Arrays.toString(cl100k.encode("hello world!!!?")));
