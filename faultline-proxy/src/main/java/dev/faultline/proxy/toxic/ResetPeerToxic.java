package dev.faultline.proxy.toxic;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * On the first chunk (or end of stream) in its direction, drops it and everything after, waits
 * {@code timeout} ms, then closes the connection. The close is a TCP RST only for connections
 * opened while a reset_peer toxic existed: the proxy sets SO_LINGER 0 on their sockets when they
 * start, as Toxiproxy does; on older connections it is a normal FIN.
 */
final class ResetPeerToxic extends ToxicStage {

    private final long timeoutMs;
    private Future<?> pendingReset;

    ResetPeerToxic(long timeoutMs, LinkContext link) {
        super(link);
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void data(ByteBuf chunk, long receivedNanos) {
        drop(chunk);
        armReset();
    }

    @Override
    public void end() {
        armReset();
    }

    private void armReset() {
        if (pendingReset == null) {
            pendingReset = link.executor().schedule(link::closeConnection, timeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void interrupt() {
        dispose();
    }

    @Override
    public void dispose() {
        if (pendingReset != null) {
            pendingReset.cancel(false);
        }
    }
}
