package dev.faultline.engine.provider;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a provider on another thread so a test can interrupt it, and reports how the run ended.
 */
final class ProviderRun {
  private final Thread thread;
  private final AtomicReference<Object> output = new AtomicReference<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  ProviderRun(ActivityProvider provider, Map<String, Object> properties, RunContext context) {
    thread = new Thread(() -> {
      try {
        output.set(provider.run(properties, context));
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "provider-run-" + provider.type());
    thread.setDaemon(true);
    thread.start();
  }

  /** Interrupts the run and waits at most {@code limit} for it to end; returns how long it took. */
  Duration interruptAndJoin(Duration limit) throws InterruptedException {
    long start = System.nanoTime();
    thread.interrupt();
    thread.join(limit.toMillis());
    return Duration.ofNanos(System.nanoTime() - start);
  }

  boolean alive() {
    return thread.isAlive();
  }

  Throwable failure() {
    return failure.get();
  }

  Object output() {
    return output.get();
  }
}
