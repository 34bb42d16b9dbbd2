package dev.faultline.demo;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the demo makes and stops threads. Every demo thread is a daemon (a forgotten demo must never
 * keep the JVM alive) and is named {@code faultline-demo-<role>-<n>} so that a thread dump, or a
 * test looking for leaks, can tell it apart.
 */
final class DemoThreads {

  /** The prefix of every thread the demo starts. */
  static final String NAME_PREFIX = "faultline-demo-";

  private DemoThreads() {}

  /** A factory of daemon threads named {@code faultline-demo-<role>-<n>}. */
  static ThreadFactory daemon(String role) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, NAME_PREFIX + role + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Interrupts the pool's threads and waits for them at most {@code grace}. Blocking socket
   * calls do not answer interrupts, so callers close their sockets before or after this.
   */
  static void stop(ExecutorService pool, Duration grace) {
    pool.shutdownNow();
    try {
      pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for a thread to end, at most {@code grace}, keeping the caller's interrupt status. */
  static void join(Thread thread, Duration grace) {
    try {
      thread.join(Math.max(1, grace.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
