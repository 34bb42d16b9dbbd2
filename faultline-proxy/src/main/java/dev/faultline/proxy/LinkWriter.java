package dev.faultline.proxy;

import dev.faultline.proxy.toxic.ChunkSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

/**
 * The last element of a link's chain: writes chunks to the destination socket. Writes made while
 * the link is inside a read batch are flushed once at the end of the batch (fewer syscalls);
 * writes coming from a toxic's timer are flushed at once. End of stream is a full close of the
 * destination, as in Toxiproxy (half-close is not propagated).
 */
final class LinkWriter implements ChunkSink {

    private final Link link;
    private final Channel target;
    private boolean needsFlush;
    private boolean ended;

    LinkWriter(Link link, Channel target) {
        this.link = link;
        this.target = target;
    }

    @Override
    public void data(ByteBuf chunk, long receivedNanos) {
        int size = chunk.readableBytes();
        if (ended || !target.isActive()) {
            chunk.release();
            link.handedOff(size, false);
            return;
        }
        target.write(chunk, target.voidPromise());
        if (link.inReadBatch()) {
            needsFlush = true;
        } else {
            target.flush();
        }
        link.handedOff(size, true);
    }

    /** Called at the end of a read batch. */
    void flushIfNeeded() {
        if (needsFlush) {
            needsFlush = false;
            target.flush();
        }
    }

    @Override
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        needsFlush = false;
        target.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
