package dev.faultline.host.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.locks.LockSupport;

/**
 * Burns one core at a target share: in each 100 ms period it spins until it has used its share of
 * CPU time, then sleeps to the period's end. Counting the thread's own CPU time (not wall time)
 * keeps the load right when other work competes for the core; a shortfall is made up in the next
 * period, at most one period's worth, so a starved worker does not burst afterwards.
 */
final class DutyCycleWorker implements Runnable {
  static final long PERIOD_NS = 100_000_000L;
  private final double share;
  private volatile boolean stopped;

  /** @param percent the load on this core, 1 to 100 */
  DutyCycleWorker(double percent) {
    this.share = percent / 100.0;
  }

  void stop() {
    stopped = true;
  }

  @Override
  public void run() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long periodEnd = System.nanoTime() + PERIOD_NS;
    long debtNs = 0; // CPU time owed from earlier periods (negative: ran over)
    while (!stopped) {
      long want = (long) (PERIOD_NS * share) + debtNs;
      long cpuStart = mx.getCurrentThreadCpuTime();
      long used = 0;
      while (used < want && System.nanoTime() < periodEnd && !stopped) {
        spin();
        used = mx.getCurrentThreadCpuTime() - cpuStart;
      }
      debtNs = Math.max(-PERIOD_NS, Math.min(PERIOD_NS, want - used));
      long sleep = periodEnd - System.nanoTime();
      if (sleep > 0) {
        LockSupport.parkNanos(sleep);
      }
      periodEnd += PERIOD_NS;
      if (periodEnd < System.nanoTime()) {
        periodEnd = System.nanoTime() + PERIOD_NS; // we were descheduled for long: restart the rhythm
      }
    }
  }

  private static double sink;

  private static void spin() {
    double x = sink;
    for (int i = 0; i < 2_000; i++) {
      x = x * 1.0000001 + 1e-9;
    }
    sink = x;
  }
}
