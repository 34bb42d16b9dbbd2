package dev.faultline.proxy.toxic;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.TimeUnit;

/**
 * Limits a link to {@code rate} KB/s (KB = 1000 bytes): a piece of n bytes leaves n/rate ms after
 * the previous one, pieces being at most 100 ms worth of data, so large chunks trickle out. The
 * schedule is absolute, so timer lateness is caught up rather than accumulated. A rate of 0 holds
 * all data (and end of stream) until the toxic is removed, which is how clients "cut" a link.
 */
final class BandwidthToxic extends ToxicStage {

    private static final long NANOS_PER_MS = 1_000_000L;

    private final long rateKbPerSecond;
    private final int maxPieceBytes;
    private final HeldChunks held = new HeldChunks();
    private long nextFreeNanos = Long.MIN_VALUE;
    private long pieceDueNanos = Long.MIN_VALUE;
    private final Wakeup wakeup = new Wakeup(link, this::pump);

    BandwidthToxic(long rateKbPerSecond, LinkContext link) {
        super(link);
        this.rateKbPerSecond = rateKbPerSecond;
        // 100 ms of data at this rate: rate KB/s * 0.1 s = rate * 100 bytes.
        this.maxPieceBytes = (int) Math.max(1, Math.min(Integer.MAX_VALUE, multiplySaturated(rateKbPerSecond, 100)));
    }

    private static long multiplySaturated(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }

    @Override
    public void data(ByteBuf chunk, long receivedNanos) {
        held.add(chunk, receivedNanos);
        pump();
    }

    @Override
    public void end() {
        held.addEnd(0);
        pump();
    }

    private void pump() {
        if (wakeup.pending() || rateKbPerSecond <= 0) {
            return;
        }
        while (!held.isEmpty()) {
            HeldChunks.Held head = held.peek();
            if (head.isEnd()) {
                held.poll();
                next.end();
                continue;
            }
            int pieceBytes = Math.min(head.chunk().readableBytes(), maxPieceBytes);
            long now = System.nanoTime();
            if (pieceDueNanos == Long.MIN_VALUE) {
                // A link idle for a while does not earn credit: start counting from now.
                long start = Math.max(nextFreeNanos, now);
                pieceDueNanos = start + pieceBytes * NANOS_PER_MS / rateKbPerSecond;
            }
            if (pieceDueNanos > now) {
                wakeup.after(pieceDueNanos - now);
                return;
            }
            nextFreeNanos = pieceDueNanos;
            pieceDueNanos = Long.MIN_VALUE;
            if (pieceBytes == head.chunk().readableBytes()) {
                held.poll();
                next.data(head.chunk(), head.nanos());
            } else {
                next.data(head.chunk().readRetainedSlice(pieceBytes), head.nanos());
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
