package io.github.zth.autograd.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The one parallel helper of the kernel layer: splits a loop over a fixed pool of daemon threads.
 * The pool is created on first use (size = available processors, or {@code -Dzth.threads=N}) and is
 * the only static state here; small jobs never touch it. A kernel already running on a pool thread
 * runs nested loops inline, so a fixed pool can never deadlock on itself.
 */
public final class Parallel {
  private Parallel() {}

  /** Lazily created pool: the holder class is initialised on the first parallel call. */
  private static final class Pool {
    static final int THREADS = threadsFromProperty();
    static final ThreadGroup GROUP = new ThreadGroup("zth-kernels");
    static final ExecutorService EXEC = Executors.newFixedThreadPool(THREADS, daemonFactory());

    private static ThreadFactory daemonFactory() {
      AtomicInteger n = new AtomicInteger();
      return r -> {
        Thread t = new Thread(GROUP, r, "zth-kernel-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
    }
  }

  private static int threadsFromProperty() {
    String s = System.getProperty("zth.threads");
    int procs = Runtime.getRuntime().availableProcessors();
    if (s == null || s.isBlank()) {
      return procs;
    }
    try {
      int t = Integer.parseInt(s.trim());
      if (t < 1) {
        throw new IllegalArgumentException(
            "zth.threads: got " + t + ", expected a positive number of threads");
      }
      return t;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "zth.threads: got '" + s + "', expected a positive integer", e);
    }
  }

  /** The number of threads a parallel loop uses (1 means every loop runs on the caller). */
  public static int threads() {
    return Pool.THREADS;
  }

  /**
   * Runs {@code body.accept(t)} for every t in [0, tasks). The calling thread and up to
   * {@code threads()-1} pool threads claim tasks one at a time, so uneven tasks balance out; returns
   * when every task has finished and rethrows the first failure.
   *
   * <p>It waits for tasks, not for helpers: on a machine with more runnable threads than cores a
   * pool thread can wait milliseconds for a core, and by then the caller may have run every task
   * itself. Waiting for each helper to start (a latch per helper, as before) made a 512³ GEMM
   * slower on two threads than on one; a helper that starts late now finds no task and leaves.
   */
  public static void forEach(int tasks, IntConsumer body) {
    if (tasks <= 0) {
      return;
    }
    int helpers = Math.min(tasks, threads()) - 1;
    if (helpers == 0 || Thread.currentThread().getThreadGroup() == Pool.GROUP) {
      for (int t = 0; t < tasks; t++) {
        body.accept(t);
      }
      return;
    }
    Job job = new Job(tasks, body, Thread.currentThread());
    for (int h = 0; h < helpers; h++) {
      Pool.EXEC.execute(job::drain);
    }
    job.drain();
    boolean interrupted = false;
    while (job.remaining.get() > 0) {
      LockSupport.park(job);
      if (Thread.interrupted()) {
        interrupted = true; // keep waiting: the tasks still use the caller's arrays
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable f = job.failure.get();
    if (f instanceof RuntimeException) {
      throw (RuntimeException) f;
    } else if (f instanceof Error) {
      throw (Error) f;
    } else if (f != null) {
      throw new IllegalStateException("parallel kernel failed", f);
    }
  }

  /** One forEach: the next task to claim, the tasks not yet finished, the first failure. */
  private static final class Job {
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger remaining;
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final int tasks;
    final IntConsumer body;
    final Thread caller;

    Job(int tasks, IntConsumer body, Thread caller) {
      this.tasks = tasks;
      this.body = body;
      this.caller = caller;
      this.remaining = new AtomicInteger(tasks);
    }

    /** Claims and runs tasks until none is left; after a failure the rest are only counted off. */
    void drain() {
      for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
        try {
          if (failure.get() == null) {
            body.accept(t);
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        } finally {
          if (remaining.decrementAndGet() == 0) {
            LockSupport.unpark(caller);
          }
        }
      }
    }
  }
}
