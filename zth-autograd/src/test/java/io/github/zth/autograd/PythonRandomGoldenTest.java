package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.RngGolden.Rec;
import io.github.zth.autograd.random.PythonRandom;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** PythonRandom against CPython 3.11's random (records py_* of golden/rng/rng_vectors.txt). */
class PythonRandomGoldenTest {
  private static final List<Rec> RECORDS = RngGolden.load();

  private static PythonRandom rnd(Rec r) {
    return new PythonRandom(new BigInteger(r.args()[0]));
  }

  private static List<Rec> records(String op) {
    List<Rec> out = RECORDS.stream().filter(r -> r.op().equals(op)).toList();
    assertTrue(out.size() >= 20 || op.equals("py_state"), op + ": " + out.size() + " records");
    return out;
  }

  @Test
  void random() {
    for (Rec r : records("py_random")) {
      PythonRandom p = rnd(r);
      double[] v = new double[5];
      for (int i = 0; i < 5; i++) {
        v[i] = p.random();
      }
      assertArrayEquals(r.groups()[0], RngGolden.hex(v), r.name());
    }
  }

  @Test
  void getrandbits() {
    for (Rec r : records("py_getrandbits")) {
      PythonRandom p = rnd(r);
      String[] ks = r.args()[1].split(",");
      for (int i = 0; i < ks.length; i++) {
        int k = Integer.parseInt(ks[i]);
        BigInteger want = new BigInteger(r.groups()[0][i]);
        BigInteger got =
            k <= 64 ? new BigInteger(Long.toUnsignedString(p.getrandbits(k))) : p.getrandbitsBig(k);
        assertEquals(want, got, r.name() + " k=" + k);
      }
    }
  }

  @Test
  void getrandbitsBigAgreesWithLongVersion() {
    PythonRandom a = new PythonRandom(9);
    PythonRandom b = new PythonRandom(9);
    for (int k = 0; k <= 64; k++) {
      assertEquals(new BigInteger(Long.toUnsignedString(a.getrandbits(k))), b.getrandbitsBig(k));
    }
  }

  @Test
  void randrangeAndRandint() {
    for (Rec r : records("py_randrange")) {
      PythonRandom p = rnd(r);
      long[] got = {
        p.randrange(10),
        p.randrange(-5, 100),
        p.randrange(-5, 100, 3),
        p.randrange(50, -50, -7),
        p.randint(1, 6),
        p.randint(-1_000_000_000_000L, 1_000_000_000_000L),
        p.randrange(1L << 40)
      };
      assertArrayEquals(RngGolden.longs(r.groups()[0]), got, r.name());
    }
  }

  @Test
  void shuffleListAndArrays() {
    for (Rec r : records("py_shuffle")) {
      int n = r.intArg(1);
      long[] want = RngGolden.longs(r.groups()[0]);
      List<Integer> list = new ArrayList<>(IntStream.range(0, n).boxed().toList());
      rnd(r).shuffle(list);
      assertArrayEquals(want, list.stream().mapToLong(Integer::longValue).toArray(), r.name());
      int[] ints = IntStream.range(0, n).toArray();
      rnd(r).shuffle(ints);
      assertArrayEquals(want, IntStream.of(ints).asLongStream().toArray(), r.name());
      long[] longs = IntStream.range(0, n).asLongStream().toArray();
      rnd(r).shuffle(longs);
      assertArrayEquals(want, longs, r.name());
    }
  }

  @Test
  void uniformAndChoice() {
    for (Rec r : records("py_uniform")) {
      PythonRandom p = rnd(r);
      double[] v = {p.uniform(2.5, 7.5), p.uniform(2.5, 7.5), p.uniform(2.5, 7.5)};
      assertArrayEquals(r.groups()[0], RngGolden.hex(v), r.name());
    }
    List<Integer> range = IntStream.range(0, 27).boxed().toList();
    for (Rec r : records("py_choice")) {
      PythonRandom p = rnd(r);
      long[] v = new long[5];
      for (int i = 0; i < 5; i++) {
        v[i] = p.choice(range);
      }
      assertArrayEquals(RngGolden.longs(r.groups()[0]), v, r.name());
    }
  }

  @Test
  void gauss() {
    for (Rec r : records("py_gauss")) {
      PythonRandom p = rnd(r);
      double[] v = new double[7];
      for (int i = 0; i < v.length; i++) {
        v[i] = p.gauss(0.5, 2.0);
      }
      assertArrayEquals(r.groups()[0], RngGolden.hex(v), r.name());
    }
  }

  @Test
  void stateMatchesPythonGetstateAndResumes() {
    Rec r = records("py_state").get(0);
    PythonRandom p = rnd(r);
    p.random();
    p.gauss(0.0, 1.0);
    PythonRandom.State state = p.getState();
    assertArrayEquals(RngGolden.longs(r.groups()[0]), state.internal());
    assertArrayEquals(r.groups()[1], RngGolden.hex(new double[] {state.gaussNext()}));
    double nextGauss = p.gauss(0, 1);
    double next = p.random();
    PythonRandom q = new PythonRandom(0);
    q.setState(state);
    assertEquals(state, q.getState());
    assertEquals(nextGauss, q.gauss(0, 1));
    assertEquals(next, q.random());
    q.seed(42);
    assertTrue(Double.isNaN(q.getState().gaussNext()), "seed clears the gauss cache");
  }

  @Test
  void specVectors() {
    PythonRandom p = new PythonRandom(42);
    assertArrayEquals(
        new long[] {2746317213L, 478163327L, 107420369L},
        new long[] {p.getrandbits(32), p.getrandbits(32), p.getrandbits(32)});
    p.seed(42);
    assertEquals(0.6394267984578837, p.random());
    assertEquals(0.025010755222666936, p.random());
    int[] x = IntStream.range(0, 10).toArray();
    new PythonRandom(42).shuffle(x);
    assertArrayEquals(new int[] {7, 3, 2, 8, 5, 6, 9, 4, 0, 1}, x);
  }

  @Test
  void refusesBadArguments() {
    PythonRandom p = new PythonRandom(1);
    assertThrows(IllegalArgumentException.class, () -> p.randrange(0));
    assertThrows(IllegalArgumentException.class, () -> p.randrange(5, 5));
    assertThrows(IllegalArgumentException.class, () -> p.randrange(0, 10, 0));
    assertThrows(IllegalArgumentException.class, () -> p.randint(3, 2));
    assertThrows(IllegalArgumentException.class, () -> p.randrange(Long.MIN_VALUE, Long.MAX_VALUE));
    assertThrows(IllegalArgumentException.class, () -> p.randint(0, Long.MAX_VALUE));
    assertThrows(IllegalArgumentException.class, () -> p.getrandbits(-1));
    assertThrows(IllegalArgumentException.class, () -> p.choice(List.of()));
    assertThrows(IllegalArgumentException.class, () -> new PythonRandom.State(new long[3], 0));
    assertThrows(IllegalArgumentException.class, () -> p.setState(null));
    String msg = assertThrows(IllegalArgumentException.class, () -> p.randrange(5, 5)).getMessage();
    assertTrue(msg.startsWith("randrange:") && msg.contains("start=5"), msg);
  }
}
