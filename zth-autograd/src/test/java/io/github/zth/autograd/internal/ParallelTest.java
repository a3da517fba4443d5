package io.github.zth.autograd.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The pool's contract: every task runs exactly once, failures reach the caller, nested loops run
 * inline, and a worker that has parked is always woken (a lost wake-up would hang a loop, so the
 * loops that look for one run under a timeout).
 */
class ParallelTest {

  @Test
  void everyTaskRunsExactlyOnce() {
    AtomicIntegerArray runs = new AtomicIntegerArray(1000);
    Parallel.forEach(1000, runs::incrementAndGet);
    int[] expected = new int[1000];
    Arrays.fill(expected, 1);
    int[] got = new int[1000];
    for (int i = 0; i < got.length; i++) {
      got[i] = runs.get(i);
    }
    assertArrayEquals(expected, got);
  }

  @Test
  void theFirstFailureReachesTheCallerAndThePoolKeepsWorking() {
    IllegalStateException boom = new IllegalStateException("task 3");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Parallel.forEach(
                    8,
                    t -> {
                      if (t == 3) {
                        throw boom;
                      }
                    }));
    assertSame(boom, e);
    AtomicIntegerArray runs = new AtomicIntegerArray(8);
    Parallel.forEach(8, runs::incrementAndGet);
    for (int t = 0; t < 8; t++) {
      assertEquals(1, runs.get(t));
    }
  }

  @Test
  void nestedLoopsRunInline() {
    AtomicIntegerArray runs = new AtomicIntegerArray(16 * 16);
    Parallel.forEach(16, i -> Parallel.forEach(16, j -> runs.incrementAndGet(i * 16 + j)));
    for (int i = 0; i < 256; i++) {
      assertEquals(1, runs.get(i));
    }
  }

  @Test
  void backToBackLoopsNeverLoseAWakeUp() {
    // Alternating short loops with pauses longer than the spin makes the workers park and be woken
    // over and over, from both sides of the race between offer() and take().
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          long[] sum = new long[1];
          for (int round = 0; round < 2000; round++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(4);
            Parallel.forEach(4, runs::incrementAndGet);
            for (int t = 0; t < 4; t++) {
              sum[0] += runs.get(t);
            }
            if (round % 50 == 0) {
              Thread.sleep(1);
            }
          }
          assertEquals(8000, sum[0]);
        });
  }

  @Test
  void callersOnSeveralThreadsShareThePool() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(3);
    try {
      List<Callable<Long>> jobs = new ArrayList<>();
      for (int c = 0; c < 3; c++) {
        jobs.add(
            () -> {
              long total = 0;
              for (int round = 0; round < 500; round++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(6);
                Parallel.forEach(6, runs::incrementAndGet);
                for (int t = 0; t < 6; t++) {
                  total += runs.get(t);
                }
              }
              return total;
            });
      }
      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> {
            for (Future<Long> f : callers.invokeAll(jobs)) {
              assertEquals(3000L, f.get());
            }
          });
    } finally {
      callers.shutdownNow();
    }
  }
}
