package dev.faultline.proxy.toxic;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Cuts each chunk into pieces of about {@code averageSize} bytes (each cut is the midpoint moved by
 * up to {@code sizeVariation}, applied recursively) and sends them {@code delay} microseconds apart.
 */
final class SlicerToxic extends ToxicStage {

    private final int averageSize;
    private final int sizeVariation;
    private final long delayNanos;
    private final HeldChunks held = new HeldChunks();
    private long nextSendNanos = Long.MIN_VALUE;
    private final Wakeup wakeup = new Wakeup(link, this::pump);

    SlicerToxic(long averageSize, long sizeVariation, long delayMicros, LinkContext link) {
        super(link);
        this.averageSize = (int) Math.min(averageSize, Integer.MAX_VALUE / 2);
        this.sizeVariation = (int) Math.min(sizeVariation, Integer.MAX_VALUE / 2);
        this.delayNanos = TimeUnit.MICROSECONDS.toNanos(delayMicros);
    }

    @Override
    public void data(ByteBuf chunk, long receivedNanos) {
        List<Integer> sizes = new ArrayList<>();
        slice(chunk.readableBytes(), sizes);
        for (int size : sizes) {
            held.add(chunk.readRetainedSlice(size), receivedNanos);
        }
        chunk.release();
        pump();
    }

    @Override
    public void end() {
        held.addEnd(0);
        pump();
    }

    /** Appends the piece sizes for a run of {@code length} bytes, halving around a varied midpoint. */
    void slice(int length, List<Integer> sizes) {
        if (length <= Math.max(1, averageSize + sizeVariation)) {
            sizes.add(length);
            return;
        }
        int mid = length / 2;
        if (sizeVariation > 0) {
            mid += ThreadLocalRandom.current().nextInt(2 * sizeVariation) - sizeVariation;
        }
        mid = Math.max(1, Math.min(length - 1, mid));
        slice(mid, sizes);
        slice(length - mid, sizes);
    }

    private void pump() {
        if (wakeup.pending()) {
            return;
        }
        while (!held.isEmpty()) {
            long now = System.nanoTime();
            if (nextSendNanos > now) {
                wakeup.after(nextSendNanos - now);
                return;
            }
            HeldChunks.Held piece = held.poll();
            if (piece.isEnd()) {
                next.end();
            } else {
                next.data(piece.chunk(), piece.nanos());
                nextSendNanos = now + delayNanos;
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
