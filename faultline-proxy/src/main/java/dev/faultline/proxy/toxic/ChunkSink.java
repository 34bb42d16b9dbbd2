package dev.faultline.proxy.toxic;

import io.netty.buffer.ByteBuf;

/**
 * Where a link's bytes go next: the following toxic stage, or the writer to the other socket.
 * Every call happens on the connection's event loop, so implementations need no locking.
 */
public interface ChunkSink {

    /**
     * Takes ownership of {@code chunk} (it must be forwarded or released).
     *
     * @param receivedNanos {@link System#nanoTime()} when the proxy read the bytes; latency counts
     *                      from here so delays do not accumulate along a stream
     */
    void data(ByteBuf chunk, long receivedNanos);

    /** End of stream: after the data already passed, the output must be closed. */
    void end();
}
