package dev.faultline.proxy.toxic;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Drops all data. With {@code timeout > 0} the connection is closed once no data has arrived for
 * that long (each chunk restarts the timer); with 0 it is held open forever. Removing the toxic
 * closes the connection, because the bytes it swallowed have left the stream corrupt.
 */
final class TimeoutToxic extends ToxicStage {

    private final long timeoutMs;
    private Future<?> timer;

    TimeoutToxic(long timeoutMs, LinkContext link) {
        super(link);
        this.timeoutMs = timeoutMs;
        restartTimer();
    }

    @Override
    public void data(ByteBuf chunk, long receivedNanos) {
        drop(chunk);
        restartTimer();
    }

    @Override
    public void end() {
        cancelTimer();
        next.end();
    }

    private void restartTimer() {
        cancelTimer();
        if (timeoutMs > 0) {
            timer = link.executor().schedule(link::closeConnection, timeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void interrupt() {
        cancelTimer();
    }

    @Override
    public void remove() {
        cancelTimer();
        link.closeConnection();
    }

    @Override
    public void dispose() {
        cancelTimer();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
