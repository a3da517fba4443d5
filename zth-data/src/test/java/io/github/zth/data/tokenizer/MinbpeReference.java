package io.github.zth.data.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * minbpe's slow algorithm, transcribed literally for property tests: a fresh insertion-ordered
 * count of all pairs per merge, the first pair with the highest count wins, every occurrence merged
 * left to right; encoding merges the lowest-id pair present until none applies.
 */
final class MinbpeReference {
  private MinbpeReference() {}

  private static Map<Long, Integer> stats(List<List<Integer>> chunks) {
    Map<Long, Integer> counts = new LinkedHashMap<>();
    for (List<Integer> ids : chunks) {
      for (int i = 0; i + 1 < ids.size(); i++) {
        counts.merge((long) ids.get(i) << 32 | ids.get(i + 1), 1, Integer::sum);
      }
    }
    return counts;
  }

  private static List<Integer> merge(List<Integer> ids, long pair, int idx) {
    int a = (int) (pair >>> 32);
    int b = (int) pair;
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); ) {
      if (i + 1 < ids.size() && ids.get(i) == a && ids.get(i + 1) == b) {
        out.add(idx);
        i += 2;
      } else {
        out.add(ids.get(i++));
      }
    }
    return out;
  }

  private static List<Integer> bytes(String s) {
    List<Integer> ids = new ArrayList<>();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      ids.add(b & 0xFF);
    }
    return ids;
  }

  /** The merges minbpe learns; fewer than asked when the pairs run out. */
  static int[][] train(List<String> chunks, int numMerges) {
    List<List<Integer>> ids = new ArrayList<>();
    for (String c : chunks) {
      ids.add(bytes(c));
    }
    List<int[]> merges = new ArrayList<>();
    for (int m = 0; m < numMerges; m++) {
      Map<Long, Integer> counts = stats(ids);
      long best = -1;
      int bestCount = 0;
      for (Map.Entry<Long, Integer> e : counts.entrySet()) {
        if (e.getValue() > bestCount) {
          best = e.getKey();
          bestCount = e.getValue();
        }
      }
      if (best < 0) {
        break;
      }
      for (int i = 0; i < ids.size(); i++) {
        ids.set(i, merge(ids.get(i), best, 256 + m));
      }
      merges.add(new int[] {(int) (best >>> 32), (int) best});
    }
    return merges.toArray(new int[0][]);
  }

  /** minbpe's _encode_chunk. */
  static List<Integer> encodeChunk(String chunk, int[][] merges) {
    Map<Long, Integer> rank = new LinkedHashMap<>();
    for (int i = 0; i < merges.length; i++) {
      rank.put((long) merges[i][0] << 32 | merges[i][1], 256 + i);
    }
    List<Integer> ids = bytes(chunk);
    while (ids.size() >= 2) {
      long best = -1;
      int bestRank = Integer.MAX_VALUE;
      for (long p : stats(List.of(ids)).keySet()) {
        int r = rank.getOrDefault(p, Integer.MAX_VALUE);
        if (r < bestRank) {
          bestRank = r;
          best = p;
        }
      }
      if (best < 0) {
        break;
      }
      ids = merge(ids, best, bestRank);
    }
    return ids;
  }
}
