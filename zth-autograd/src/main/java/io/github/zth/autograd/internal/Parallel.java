package io.github.zth.autograd.internal;

import io.github.zth.autograd.KernelSettings;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * The one parallel helper of the kernel layer: splits a loop over a fixed pool of daemon threads.
 * The pool is created on first use (size = available processors, or {@code -Dzth.threads=N}) and is
 * the only static state here; small jobs never touch it. A kernel already running on a pool thread
 * runs nested loops inline, so a fixed pool can never deadlock on itself.
 *
 * <p>An idle worker, and a caller waiting for the last task, spin for {@link #SPIN_NANOS} before
 * they park, as OpenBLAS's and ForkJoinPool's threads do. A training step is a chain of parallel
 * kernels with short serial work between them; a worker that parked the moment it ran out of work
 * had to be woken for every kernel, and on a virtual machine an idle core that halts comes back
 * slowly: after 250 ms idle, 50 ms of back-to-back GEMMs ran 15-27% slower than without the pause.
 */
public final class Parallel {
  private Parallel() {}

  /** How long a worker with no job, or a caller waiting for helpers, spins before it parks. */
  static final long SPIN_NANOS = 200_000;

  /**
   * Lazily created pool: the holder class is initialised on the first parallel call. A bad {@code
   * -Dzth.threads} is kept as a message, not thrown here, so every call reports it as an {@link
   * IllegalArgumentException} (a throwing class initialiser would surface as an
   * ExceptionInInitializerError once and a NoClassDefFoundError after that).
   */
  private static final class Pool {
    static final String ERROR = error();
    static final int THREADS = ERROR == null ? threadsFromProperty() : 1;
    static final Worker[] WORKERS = start(THREADS - 1);

    private static String error() {
      try {
        KernelSettings.threadsProperty();
        return null;
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
    }

    private static Worker[] start(int n) {
      Worker[] workers = new Worker[n];
      for (int i = 0; i < n; i++) {
        workers[i] = new Worker(i + 1);
        workers[i].start();
      }
      return workers;
    }
  }

  /** A pool thread: takes the jobs offered to it in order, spinning a while before it parks. */
  private static final class Worker extends Thread {
    final ConcurrentLinkedQueue<Job> inbox = new ConcurrentLinkedQueue<>();
    volatile boolean parked;

    Worker(int n) {
      super("zth-kernel-" + n);
      setDaemon(true);
    }

    void offer(Job job) {
      inbox.offer(job);
      // Pairs with take(): the worker announces parked before its last look at the inbox, and
      // this reads parked after the offer, so one of the two always sees the other.
      if (parked) {
        LockSupport.unpark(this);
      }
    }

    @Override
    public void run() {
      while (true) {
        take().drain();
      }
    }

    private Job take() {
      spin(() -> !inbox.isEmpty());
      while (true) {
        parked = true;
        Job job = inbox.poll();
        if (job != null) {
          parked = false;
          return job;
        }
        LockSupport.park(this);
        parked = false;
      }
    }
  }

  /** Spins until {@code done} holds or {@link #SPIN_NANOS} have passed. */
  private static void spin(BooleanSupplier done) {
    long deadline = System.nanoTime() + SPIN_NANOS;
    for (int i = 1; !done.getAsBoolean(); i++) {
      if ((i & 63) == 0 && System.nanoTime() - deadline > 0) {
        return;
      }
      Thread.onSpinWait();
    }
  }

  private static int threadsFromProperty() {
    int t = KernelSettings.threadsProperty();
    return t == 0 ? Runtime.getRuntime().availableProcessors() : t;
  }

  /** The number of threads a parallel loop uses (1 means every loop runs on the caller). */
  public static int threads() {
    if (Pool.ERROR != null) {
      throw new IllegalArgumentException(Pool.ERROR);
    }
    return Pool.THREADS;
  }

  /**
   * Runs {@code body.accept(t)} for every t in [0, tasks). The calling thread and up to {@code
   * threads()-1} pool threads claim tasks one at a time, so uneven tasks balance out; returns when
   * every task has finished and rethrows the first failure.
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
    if (helpers == 0 || Thread.currentThread() instanceof Worker) {
      for (int t = 0; t < tasks; t++) {
        body.accept(t);
      }
      return;
    }
    Job job = new Job(tasks, body, Thread.currentThread());
    for (int h = 0; h < helpers; h++) {
      Pool.WORKERS[h].offer(job);
    }
    job.drain();
    boolean interrupted = false;
    spin(() -> job.remaining.get() == 0);
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
