package dev.tidemark.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The driver's peak heap use during one case, sampled every few milliseconds. In local mode the
 * executors live in the driver's JVM, so this is the whole job's heap.
 */
final class HeapMeter implements AutoCloseable {
  private static final long SAMPLE_MILLIS = 10;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Thread sampler;
  private volatile boolean running = true;
  private volatile long peak;
  private volatile long peakAfterGc;
  private final java.util.List<java.lang.management.MemoryPoolMXBean> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
          .filter(p -> p.getCollectionUsage() != null)
          .toList();

  private HeapMeter() {
    peak = memory.getHeapMemoryUsage().getUsed();
    sampler = new Thread(this::sample, "bench-heap-meter");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Starts measuring after a full collection, so what the previous case left does not count. */
  static HeapMeter start() {
    System.gc();
    return new HeapMeter();
  }

  static long maxHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
  }

  private void sample() {
    while (running) {
      peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
      peakAfterGc = Math.max(peakAfterGc, afterLastGc());
      try {
        Thread.sleep(SAMPLE_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * The heap in use right after the last collection, summed over the heap's pools: the data a case
   * keeps alive, without the garbage that {@link #peakBytes} also counts until a collector runs
   * (how much of it there is depends on when collections happen, not on the case).
   */
  private long afterLastGc() {
    long used = 0;
    for (java.lang.management.MemoryPoolMXBean pool : heapPools) {
      used += pool.getCollectionUsage().getUsed();
    }
    return used;
  }

  /** The largest {@link #afterLastGc} seen while measuring. */
  long peakAfterGcBytes() {
    return Math.max(peakAfterGc, afterLastGc());
  }

  long peakBytes() {
    return Math.max(peak, memory.getHeapMemoryUsage().getUsed());
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
