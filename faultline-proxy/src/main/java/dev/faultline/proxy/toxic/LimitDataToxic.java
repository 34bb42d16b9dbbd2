package dev.faultline.proxy.toxic;

import io.netty.buffer.ByteBuf;

/**
 * Lets at most {@code bytes} bytes through on this link (the chunk crossing the limit is cut),
 * then ends the stream, which closes the connection. The count is per link and survives updates.
 */
final class LimitDataToxic extends ToxicStage {

    private final long limitBytes;
    private long passedBytes;
    private boolean ended;

    LimitDataToxic(long limitBytes, LinkContext link) {
        super(link);
        this.limitBytes = limitBytes;
    }

    @Override
    public void data(ByteBuf chunk, long receivedNanos) {
        if (ended) {
            drop(chunk);
            return;
        }
        long remaining = limitBytes - passedBytes;
        int size = chunk.readableBytes();
        if (size <= remaining) {
            passedBytes += size;
            next.data(chunk, receivedNanos);
        } else {
            int allowed = (int) Math.max(0, remaining);
            passedBytes += allowed;
            if (allowed > 0) {
                next.data(chunk.readRetainedSlice(allowed), receivedNanos);
            }
            drop(chunk);
        }
        if (passedBytes >= limitBytes) {
            end();
        }
    }

    @Override
    public void end() {
        if (!ended) {
            ended = true;
            next.end();
        }
    }

    @Override
    public void takeStateFrom(ToxicStage previous) {
        if (previous instanceof LimitDataToxic old) {
            passedBytes = old.passedBytes;
            ended = old.ended;
        }
    }
}
