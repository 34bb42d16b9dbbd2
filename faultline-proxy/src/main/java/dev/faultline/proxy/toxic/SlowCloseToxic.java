package dev.faultline.proxy.toxic;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Passes data untouched but waits {@code delay} ms after end of stream before closing the output. */
final class SlowCloseToxic extends ToxicStage {

    private final long delayMs;
    private Future<?> pendingClose;

    SlowCloseToxic(long delayMs, LinkContext link) {
        super(link);
        this.delayMs = delayMs;
    }

    @Override
    public void data(ByteBuf chunk, long receivedNanos) {
        next.data(chunk, receivedNanos);
    }

    @Override
    public void end() {
        if (pendingClose == null) {
            pendingClose = link.executor().schedule(() -> next.end(), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void interrupt() {
        // Toxiproxy passes a held end of stream on at once when the stub is interrupted.
        if (pendingClose != null && pendingClose.cancel(false)) {
            next.end();
        }
    }

    @Override
    public void dispose() {
        if (pendingClose != null) {
            pendingClose.cancel(false);
        }
    }
}
