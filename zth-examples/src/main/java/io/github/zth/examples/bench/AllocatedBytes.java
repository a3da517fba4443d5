package io.github.zth.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The bytes the JVM's threads have allocated on the heap so far, summed over every live thread, so
 * work the kernel pool does on its own threads counts as well as the caller's. A count, not a time:
 * it is the same on a loaded machine as on an idle one. Threads that ended between two readings
 * take their bytes with them, which is why the kernel pool's long-lived threads suit it.
 */
final class AllocatedBytes {
  private final com.sun.management.ThreadMXBean threads;

  private AllocatedBytes(com.sun.management.ThreadMXBean threads) {
    this.threads = threads;
  }

  /** The counter, or null when this JVM cannot count allocations per thread. */
  static AllocatedBytes counter() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    if (!(mx instanceof com.sun.management.ThreadMXBean)) {
      return null;
    }
    com.sun.management.ThreadMXBean sun = (com.sun.management.ThreadMXBean) mx;
    if (!sun.isThreadAllocatedMemorySupported()) {
      return null;
    }
    if (!sun.isThreadAllocatedMemoryEnabled()) {
      sun.setThreadAllocatedMemoryEnabled(true);
    }
    return new AllocatedBytes(sun);
  }

  /** The total allocated so far by the threads alive now. */
  long total() {
    long sum = 0;
    for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      if (b > 0) { // -1 for a thread that ended after the ids were read
        sum += b;
      }
    }
    return sum;
  }
}
