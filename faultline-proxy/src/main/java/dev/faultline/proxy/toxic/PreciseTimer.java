package dev.faultline.proxy.toxic;

import java.util.concurrent.Delayed;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * Wakes at sub-millisecond precision and hands the task to the connection's event loop. Netty's
 * event loops round timer deadlines to whole milliseconds (about 0.5 ms late on average, more
 * under load), which is too coarse for a latency toxic that promises ±1 ms; one parked thread
 * per process wakes within tens of microseconds instead. The task still runs on the event loop,
 * so toxics keep their single-threaded state.
 */
final class PreciseTimer {
  static final PreciseTimer SHARED = new PreciseTimer();

  private final DelayQueue<Entry> due = new DelayQueue<>();

  private PreciseTimer() {
    Thread t = new Thread(this::loop, "faultline-proxy-precise-timer");
    t.setDaemon(true);
    t.start();
  }

  /** Runs {@code task} on {@code executor} after {@code delayNanos}; cancel through the returned future. */
  Future<?> schedule(Executor executor, Runnable task, long delayNanos) {
    Entry e = new Entry(System.nanoTime() + delayNanos, executor, task);
    due.add(e);
    return e;
  }

  private void loop() {
    while (true) {
      try {
        Entry e = due.take();
        if (!e.isCancelled()) {
          e.executor.execute(e);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // an event loop that shut down refuses tasks: its connections are gone anyway
      }
    }
  }

  private static final class Entry extends FutureTask<Void> implements Delayed {
    private final long deadlineNanos;
    private final Executor executor;

    Entry(long deadlineNanos, Executor executor, Runnable task) {
      super(task, null);
      this.deadlineNanos = deadlineNanos;
      this.executor = executor;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(deadlineNanos, ((Entry) other).deadlineNanos);
    }
  }
}
