package dev.faultline.proxy.toxic;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Holds each chunk until {@code received + latency + U[-jitter, +jitter)} milliseconds. The delay
 * counts from when the proxy read the chunk, so a stream is not slowed down cumulatively, and
 * chunks leave in the order they came (a chunk never overtakes an earlier one).
 */
public final class LatencyToxic extends ToxicStage {

    /**
     * Longest delay a chunk can get (about 73 years): due times are compared by difference with
     * {@link System#nanoTime()}, which is only correct while the difference fits in a long, and
     * latency + jitter must not overflow. The API refuses larger attributes (see ToxicEndpoints).
     */
    public static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 4;
    /** {@link #MAX_DELAY_NANOS} in whole milliseconds: the largest latency or jitter the API accepts. */
    public static final long MAX_DELAY_MS = MAX_DELAY_NANOS / 1_000_000L;

    /** How far before due the first of two timers wakes for a long wait (see {@link #release()}). */
    private static final long COARSE_LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final long latencyNanos;
    private final long jitterNanos;
    private final HeldChunks held = new HeldChunks();
    private final Wakeup wakeup = new Wakeup(link, this::release);

    LatencyToxic(long latencyMs, long jitterMs, LinkContext link) {
        super(link);
        // Clamped again here (toNanos saturates, the cap keeps the sum and the draw from overflowing)
        // in case a stage is ever built from values the API did not check.
        this.latencyNanos = Math.min(MAX_DELAY_NANOS, TimeUnit.MILLISECONDS.toNanos(Math.max(0, latencyMs)));
        this.jitterNanos = Math.min(MAX_DELAY_NANOS, TimeUnit.MILLISECONDS.toNanos(Math.max(0, jitterMs)));
    }

    @Override
    public void data(ByteBuf chunk, long receivedNanos) {
        held.add(chunk, receivedNanos + delayNanos());
        release();
    }

    @Override
    public void end() {
        // Due now, and the queue is FIFO, so it still leaves only after everything queued before it.
        // (A Long.MIN_VALUE "due at once" overflowed in the due-minus-now check and was never sent.)
        held.addEnd(System.nanoTime());
        release();
    }

    private long delayNanos() {
        // Both terms are at most Long.MAX_VALUE / 4, so neither the draw range nor the sum overflows.
        long jitter = jitterNanos > 0 ? ThreadLocalRandom.current().nextLong(-jitterNanos, jitterNanos) : 0;
        return Math.min(MAX_DELAY_NANOS, Math.max(0, latencyNanos + jitter));
    }

    /** Forwards every chunk whose time has come, then sleeps until the next one is due. */
    private void release() {
        if (wakeup.pending()) {
            return;
        }
        while (!held.isEmpty()) {
            long waitNanos = held.peek().nanos() - System.nanoTime();
            if (waitNanos > 0) {
                // One timer per link at a time, no busy wait: the former "wake 1.5 ms early and
                // re-queue a check task until due" kept the loop spinning once per delayed
                // connection, so CPU grew with the number of connections (issue 10). The epoll
                // loop's timer is late by an amount that grows with the wait (p50 ~0.1 ms after
                // 2 ms, ~0.24 ms after 100 ms on this host), so a long wait takes two timers: one
                // to COARSE_LEAD_NANOS before due, then one for the due time itself.
                wakeup.after(waitNanos > 2 * COARSE_LEAD_NANOS ? waitNanos - COARSE_LEAD_NANOS : waitNanos);
                return;
            }
            HeldChunks.Held due = held.poll();
            if (due.isEnd()) {
                next.end();
            } else {
                next.data(due.chunk(), due.nanos());
            }
        }
    }


    @Override
    public void interrupt() {
        wakeup.cancel();
        held.flushTo(next);
    }

    @Override
    public void dispose() {
        wakeup.cancel();
        held.releaseAll();
    }

}
