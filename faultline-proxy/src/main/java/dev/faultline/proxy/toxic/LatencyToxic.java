package dev.faultline.proxy.toxic;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Holds each chunk until {@code received + latency + U[-jitter, +jitter)} milliseconds. The delay
 * counts from when the proxy read the chunk, so a stream is not slowed down cumulatively, and
 * chunks leave in the order they came (a chunk never overtakes an earlier one).
 */
final class LatencyToxic extends ToxicStage {

    /** How long before a chunk is due the loop stops sleeping and starts checking. */
    private static final long FINAL_STRETCH_NANOS = TimeUnit.MICROSECONDS.toNanos(1500);

    private final long latencyNanos;
    private final long jitterNanos;
    private final HeldChunks held = new HeldChunks();
    private final Wakeup wakeup = new Wakeup(link, this::release);

    LatencyToxic(long latencyMs, long jitterMs, LinkContext link) {
        super(link);
        this.latencyNanos = TimeUnit.MILLISECONDS.toNanos(latencyMs);
        this.jitterNanos = TimeUnit.MILLISECONDS.toNanos(jitterMs);
    }

    @Override
    public void data(ByteBuf chunk, long receivedNanos) {
        held.add(chunk, receivedNanos + delayNanos());
        release();
    }

    @Override
    public void end() {
        // Due at once, but only after everything queued before it.
        held.addEnd(Long.MIN_VALUE);
        release();
    }

    private long delayNanos() {
        long jitter = jitterNanos > 0 ? ThreadLocalRandom.current().nextLong(2 * jitterNanos) - jitterNanos : 0;
        return Math.max(0, latencyNanos + jitter);
    }

    /** Forwards every chunk whose time has come, then sleeps until the next one is due. */
    private void release() {
        if (wakeup.pending()) {
            return;
        }
        while (!held.isEmpty()) {
            long waitNanos = held.peek().nanos() - System.nanoTime();
            if (waitNanos > 0) {
                // The event loop's timer rounds to whole milliseconds and a sleeping core wakes late,
                // so it is asked to wake FINAL_STRETCH_NANOS early; the rest is waited out by
                // re-queuing this check as a task, which keeps the loop serving other connections.
                if (waitNanos > FINAL_STRETCH_NANOS) {
                    wakeup.after(waitNanos - FINAL_STRETCH_NANOS);
                } else {
                    wakeup.asap();
                }
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
