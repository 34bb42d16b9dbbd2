package dev.faultline.proxy.toxic;

import io.netty.buffer.ByteBuf;

/**
 * One toxic running on one link. Stages form a chain ending in the writer to the other socket;
 * each receives chunks in order and passes them (changed, delayed or not at all) to {@link #next}.
 *
 * <p>Contract, as in Toxiproxy's CREATING_TOXICS.md: never drop in-flight bytes on the floor
 * unless dropping is the toxic's purpose (then report them with {@link LinkContext#dropped}),
 * keep end-of-stream ordered after the data before it, and on {@link #interrupt()} hand every
 * held chunk to {@code next} at once. All methods run on the link's event loop.
 */
public abstract class ToxicStage implements ChunkSink {

    protected final LinkContext link;
    protected ChunkSink next;

    protected ToxicStage(LinkContext link) {
        this.link = link;
    }

    /** Sets where this stage's output goes; called again whenever the chain is relinked. */
    public final void linkTo(ChunkSink next) {
        this.next = next;
    }

    @Override
    public void end() {
        next.end();
    }

    /** The toxic is being updated or a neighbour removed: flush held data to next, stop timers. */
    public void interrupt() {
    }

    /** The toxic is being deleted from the proxy. Default: the same as an interrupt. */
    public void remove() {
        interrupt();
    }

    /** The connection is gone: release held buffers and cancel timers without forwarding. */
    public void dispose() {
    }

    /** Lets a stateful toxic keep its per-link state when it is replaced by an updated copy. */
    public void takeStateFrom(ToxicStage previous) {
    }

    /** Discards a chunk on purpose and tells the link it will never be written. */
    protected final void drop(ByteBuf chunk) {
        link.dropped(chunk.readableBytes());
        chunk.release();
    }
}
