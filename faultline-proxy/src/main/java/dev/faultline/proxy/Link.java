package dev.faultline.proxy;

import dev.faultline.proxy.toxic.ChunkSink;
import dev.faultline.proxy.toxic.Direction;
import dev.faultline.proxy.toxic.LinkContext;
import dev.faultline.proxy.toxic.ToxicSpec;
import dev.faultline.proxy.toxic.ToxicStage;
import dev.faultline.proxy.toxic.ToxicType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One direction of one connection: source socket -> toxic stages -> writer -> target socket.
 *
 * <pre>
 *   source.read() -> [stage 1] -> [stage 2] -> ... -> LinkWriter -> target.write()
 * </pre>
 *
 * Backpressure: the source is read (AUTO_READ is off) only while the target is writable and the
 * stages hold less than {@link #MAX_HELD_BYTES}. Everything runs on the connection's event loop.
 */
final class Link implements LinkContext {

    /** Bytes toxics may hold per link (e.g. 100 ms of latency at ~40 MB/s) before reads pause. */
    static final long MAX_HELD_BYTES = 4L * 1024 * 1024;

    private record Entry(ToxicSpec spec, ToxicStage stage) {
    }

    private final Direction direction;
    private final Channel source;
    private final Channel target;
    private final Connection connection;
    private final ProxyMetrics.DirectionCounters counters;
    private final LinkWriter writer;
    private final List<Entry> chain = new ArrayList<>();
    private ChunkSink head;
    private long heldBytes;
    private boolean readRequested;
    private boolean inReadBatch;
    private boolean sourceEnded;

    Link(Direction direction, Channel source, Channel target, Connection connection,
         ProxyMetrics.DirectionCounters counters) {
        this.direction = direction;
        this.source = source;
        this.target = target;
        this.connection = connection;
        this.counters = counters;
        this.writer = new LinkWriter(this, target);
        this.head = writer;
    }

    Direction direction() {
        return direction;
    }

    // ---- data path -------------------------------------------------------------------------

    void onRead(ByteBuf chunk) {
        inReadBatch = true;
        int size = chunk.readableBytes();
        heldBytes += size;
        counters.received(size);
        head.data(chunk, System.nanoTime());
    }

    void onReadComplete() {
        readRequested = false;
        inReadBatch = false;
        writer.flushIfNeeded();
        maybeRead();
    }

    void onSourceEnded() {
        if (!sourceEnded) {
            sourceEnded = true;
            inReadBatch = false;
            writer.flushIfNeeded();
            head.end();
        }
    }

    /** Asks the source for more bytes if the target and the stages can take them. */
    void maybeRead() {
        if (!readRequested && !sourceEnded && source.isActive() && !inputShutdown() && target.isWritable()
                && heldBytes < MAX_HELD_BYTES) {
            readRequested = true;
            source.read();
        }
    }

    private boolean inputShutdown() {
        return source instanceof DuplexChannel duplex && duplex.isInputShutdown();
    }

    boolean inReadBatch() {
        return inReadBatch;
    }

    void handedOff(int bytes, boolean written) {
        heldBytes -= bytes;
        if (written) {
            counters.sent(bytes);
        }
        if (!inReadBatch) {
            maybeRead();
        }
    }

    @Override
    public void dropped(int bytes) {
        handedOff(bytes, false);
    }

    @Override
    public EventExecutor executor() {
        return source.eventLoop();
    }

    @Override
    public void closeConnection() {
        connection.close();
    }

    // ---- toxic chain -----------------------------------------------------------------------

    /** Appends a toxic unless this link already runs one of that name (changes may race a start). */
    void addToxic(ToxicSpec spec) {
        if (indexOf(spec.name()) >= 0) {
            return;
        }
        chain.add(new Entry(spec, newStage(spec)));
        relink();
    }

    /** Replaces a toxic with its updated settings; held data is passed on, toxicity redrawn. */
    void updateToxic(ToxicSpec spec) {
        int index = indexOf(spec.name());
        if (index < 0) {
            addToxic(spec);
            return;
        }
        ToxicStage old = chain.get(index).stage();
        ToxicStage fresh = newStage(spec);
        fresh.takeStateFrom(old);
        chain.set(index, new Entry(spec, fresh));
        relink();
        old.linkTo(fresh);
        old.interrupt();
    }

    void removeToxic(String name) {
        int index = indexOf(name);
        if (index < 0) {
            return;
        }
        ToxicStage removed = chain.remove(index).stage();
        relink();
        removed.linkTo(index < chain.size() ? chain.get(index).stage() : writer);
        removed.remove();
    }

    /** The connection is gone: release whatever the stages hold. */
    void dispose() {
        chain.forEach(entry -> entry.stage().dispose());
        chain.clear();
        head = writer;
    }

    private ToxicStage newStage(ToxicSpec spec) {
        // Toxicity is drawn per link each time a stage starts, as Toxiproxy's ToxicStub.Run does.
        boolean applies = spec.toxicity() > 0 && ThreadLocalRandom.current().nextFloat() < spec.toxicity();
        if (!applies || spec.type() == ToxicType.NOOP) {
            return ToxicType.passThrough(this);
        }
        connection.metrics().toxicActivated(spec);
        return spec.type().newStage(spec.attributes(), this);
    }

    private int indexOf(String name) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).spec().name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private void relink() {
        ChunkSink downstream = writer;
        for (int i = chain.size() - 1; i >= 0; i--) {
            chain.get(i).stage().linkTo(downstream);
            downstream = chain.get(i).stage();
        }
        head = downstream;
    }
}
