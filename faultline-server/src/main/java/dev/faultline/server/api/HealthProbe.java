package dev.faultline.server.api;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The database half of {@code GET /health}: whether the database answers and whether chaos is
 * halted, asked at most once per {@link #MAX_AGE_MS}. Load balancers and monitors poll
 * {@code /health} often; each poll was a database round trip. A database that stops answering shows
 * as 503 within about {@code MAX_AGE_MS} + {@link #PROBE_TIMEOUT_MS}: a probe that gets no answer
 * in time counts as a failure (the pool would otherwise wait 30 s for a connection to a dead
 * PostgreSQL). A halt or resume made through this server shows at once ({@link #invalidate}); one
 * made through another replica within {@code MAX_AGE_MS}.
 */
final class HealthProbe {
  /** How old an answer may be before the next request asks the database again. */
  static final long MAX_AGE_MS = 1_000;
  /** How long a probe may take before the database counts as not answering. */
  static final long PROBE_TIMEOUT_MS = 1_000;
  /** How old an answer may be served while another request's probe is still running. */
  private static final long STALE_WHILE_PROBING_MS = 2 * MAX_AGE_MS;

  /** One probe's outcome: {@code error} is null when the database answered. */
  record Outcome(boolean halted, String error, long atNanos) {}

  private final BooleanSupplier halted;
  private final ReentrantLock probing = new ReentrantLock();
  /** Runs the probes, so a hanging one can be given up on; its thread ends when idle. */
  private final ThreadPoolExecutor prober = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "faultline-health-probe");
        t.setDaemon(true);
        return t;
      });
  private Future<Boolean> inFlight; // guarded by probing
  private volatile Outcome last;
  /** Bumped by {@link #invalidate}: a probe that began before a change does not store its outcome. */
  private final AtomicLong generation = new AtomicLong();

  /** {@code halted} asks the database (and throws when it cannot). */
  HealthProbe(BooleanSupplier halted) {
    this.halted = halted;
  }

  Outcome get() {
    Outcome o = last;
    long now = System.nanoTime();
    if (o != null && now - o.atNanos() < TimeUnit.MILLISECONDS.toNanos(MAX_AGE_MS)) {
      return o;
    }
    // One request probes; the others keep answering with the previous outcome meanwhile, unless it is
    // too old to stand for the database now (then they wait for the probe).
    if (!probing.tryLock()) {
      if (o != null && now - o.atNanos() < TimeUnit.MILLISECONDS.toNanos(STALE_WHILE_PROBING_MS)) {
        return o;
      }
      probing.lock();
    }
    try {
      o = last;
      if (o != null && System.nanoTime() - o.atNanos() < TimeUnit.MILLISECONDS.toNanos(MAX_AGE_MS)) {
        return o;
      }
      long began = generation.get();
      if (inFlight == null) { // else a probe that timed out is still waiting: wait for it, not a new one
        inFlight = prober.submit(halted::getAsBoolean);
      }
      try {
        o = new Outcome(inFlight.get(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS), null, System.nanoTime());
        inFlight = null;
      } catch (TimeoutException e) {
        o = new Outcome(false, "no answer within " + PROBE_TIMEOUT_MS + " ms", System.nanoTime());
      } catch (ExecutionException e) {
        inFlight = null;
        Throwable cause = e.getCause() == null ? e : e.getCause();
        o = new Outcome(false, cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(),
            System.nanoTime());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome(false, "interrupted while probing", System.nanoTime());
      }
      if (generation.get() == began) {
        last = o;
      }
      return o;
    } finally {
      probing.unlock();
    }
  }

  /** Forgets the last outcome: the next request asks the database (after a halt, a resume, any change). */
  void invalidate() {
    generation.incrementAndGet();
    last = null;
  }
}
