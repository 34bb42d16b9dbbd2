package dev.faultline.proxy;

import dev.faultline.proxy.toxic.ChunkSink;
import dev.faultline.proxy.toxic.Direction;
import dev.faultline.proxy.toxic.LinkContext;
import dev.faultline.proxy.toxic.ToxicSpec;
import dev.faultline.proxy.toxic.ToxicStage;
import dev.faultline.proxy.toxic.ToxicType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 *
 * <p><b>Zero-copy path.</b> While the link has no toxic, carries bulk data (a read batch of at
 * least {@link #BULK_BATCH_BYTES}; small messages are cheaper on the buffered path) and nothing is
 * held or queued for the target, it relays with splice(2): source socket -> pipe -> target
 * socket, never copying a byte into user space, woken by the event loop's {@link SplicePoller}.
 * Netty's own read is cancelled meanwhile. The link leaves that path when a toxic is added, when
 * Netty reads bytes after all (on a peer's half-close Netty reads until end of input whatever was
 * asked), at end of input, at close, and after {@link #SMALL_BURSTS_TO_LEAVE} small bursts in a
 * row; the bytes still in the pipe are read out then and go first into the buffered path, so the
 * order on the wire is the order read from the source. It comes back once the last toxic is gone,
 * the link carries bulk data and the target's outbound buffer is empty. Where splice is unavailable (NIO transport,
 * no pipe to be had) the buffered path simply carries on.
 */
final class Link implements LinkContext {

    /** Bytes toxics may hold per link (e.g. 100 ms of latency at ~40 MB/s) before reads pause. */
    static final long MAX_HELD_BYTES = 4L * 1024 * 1024;
    /** Asked of each splice into the pipe; the pipe's capacity (64 KiB by default) bounds it. */
    private static final int SPLICE_BYTES = 1 << 20;
    /** Pipe fills and empties per turn before the link lets other connections on its loop run. */
    private static final int SPLICE_ROUNDS_PER_TURN = 16;
    /**
     * A Netty read batch at least this big marks the link as carrying bulk data, which it then
     * splices. Small messages stay on the buffered path: there a message costs the loop a read and
     * a write, where the splice path spends two splices, a splice that hears EAGAIN and a wait on
     * the poller's own epoll set (measured: more proxy CPU per round trip, a slower ping-pong).
     */
    static final int BULK_BATCH_BYTES = 16 * 1024;
    /** A splice burst (readable until EAGAIN) smaller than this counts as a small message. */
    static final int SMALL_BURST_BYTES = 4 * 1024;
    /** Consecutive small bursts after which a splicing link goes back to the buffered path. */
    static final int SMALL_BURSTS_TO_LEAVE = 8;

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
    /** Bytes of the current Netty read batch, to tell bulk transfers from small messages. */
    private long batchBytes;
    /** The link carries bulk data (a big read batch seen): it splices while it has no toxic. */
    private boolean bulk;
    private boolean sourceEnded;

    // Zero-copy path; sourceSplice is null where it is unavailable.
    private final SpliceSocket sourceSplice;
    private final SpliceSocket targetSplice;
    private boolean splicing;
    private boolean sourceReadable;
    private FileDescriptor[] pipe;
    private int pipeBytes;
    private boolean pumpScheduled;
    private boolean awaitingTargetDrain;
    /** Set when the poller could not take this link (e.g. no fd for a pipe): buffered for good. */
    private boolean spliceRefused;
    /** Bytes spliced since the source was last dry, and how many bursts in a row were small. */
    private long burstBytes;
    private int smallBursts;

    Link(Direction direction, Channel source, Channel target, Connection connection,
         ProxyMetrics.DirectionCounters counters, SpliceSocket sourceSplice, SpliceSocket targetSplice) {
        this.direction = direction;
        this.source = source;
        this.target = target;
        this.connection = connection;
        this.counters = counters;
        this.writer = new LinkWriter(this, target);
        this.head = writer;
        boolean splice = sourceSplice != null && targetSplice != null;
        this.sourceSplice = splice ? sourceSplice : null;
        this.targetSplice = splice ? targetSplice : null;
        if (splice) {
            sourceSplice.readBy(this);
            targetSplice.writtenBy(this);
        }
    }

    Direction direction() {
        return direction;
    }

    // ---- data path -------------------------------------------------------------------------

    void onRead(ByteBuf chunk) {
        inReadBatch = true;
        if (splicing) {
            // Netty read after all (a half-close): what the pipe holds came off the socket first.
            // Inside the read batch, so handing the pipe's bytes on cannot restart splicing.
            stopSplicing(true);
        }
        int size = chunk.readableBytes();
        heldBytes += size;
        batchBytes += size;
        counters.received(size);
        head.data(chunk, System.nanoTime());
    }

    void onReadComplete() {
        readRequested = false;
        inReadBatch = false;
        if (batchBytes >= BULK_BATCH_BYTES) {
            bulk = true;
        }
        batchBytes = 0;
        writer.flushIfNeeded();
        maybeRead();
    }

    void onSourceEnded() {
        if (!sourceEnded) {
            sourceEnded = true;
            if (splicing) {
                stopSplicing(true);
            }
            inReadBatch = false;
            writer.flushIfNeeded();
            head.end();
        }
    }

    /** Asks the source for more bytes if the target and the stages can take them. */
    void maybeRead() {
        if (splicing) {
            return;
        }
        if (spliceEligible()) {
            if (targetDrained()) {
                startSplicing();
                if (splicing) {
                    return;
                }
            } else if (!awaitingTargetDrain) {
                // Bytes queued in Netty for the target must go before any spliced ones: a flush
                // barrier says when they have; meanwhile the buffered path carries on.
                awaitingTargetDrain = true;
                target.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(done -> executor().execute(() -> {
                    awaitingTargetDrain = false;
                    maybeRead();
                }));
            }
        }
        if (!readRequested && !sourceEnded && source.isActive() && !inputShutdown() && target.isWritable()
                && heldBytes < MAX_HELD_BYTES) {
            readRequested = true;
            source.read();
        }
    }

    // ---- zero-copy path --------------------------------------------------------------------

    boolean splicing() {
        return splicing;
    }

    private boolean spliceEligible() {
        return sourceSplice != null && !spliceRefused && bulk && chain.isEmpty() && heldBytes == 0 && !inReadBatch && !sourceEnded
                && source.isActive() && target.isActive() && !inputShutdown();
    }

    private boolean targetDrained() {
        ChannelOutboundBuffer queued = target.unsafe().outboundBuffer();
        return queued != null && queued.isEmpty() && queued.totalPendingWriteBytes() == 0;
    }

    private void startSplicing() {
        if (readRequested) {
            // Cancels Netty's pending read (clears its EPOLLIN), so only the splice reads the socket.
            source.config().setAutoRead(true);
            source.config().setAutoRead(false);
            readRequested = false;
        }
        splicing = true;
        sourceReadable = true;
        burstBytes = 0;
        smallBursts = 0;
        try {
            sourceSplice.update();
            targetSplice.update();
        } catch (IOException e) {
            // The poller cannot watch this socket (closing, or no memory): stay buffered.
            spliceRefused = true;
            stopSplicing(true);
            return;
        }
        pump();
    }

    /**
     * Leaves the zero-copy path. With {@code deliver}, the bytes still in the pipe are read out
     * and passed to the chain's head before anything read later; without, they are dropped (the
     * connection is closing).
     */
    private void stopSplicing(boolean deliver) {
        splicing = false;
        try {
            sourceSplice.update();
            targetSplice.update();
        } catch (IOException ignored) {
            // Removing never fails in a way that matters: a closed fd has left the set already.
        }
        if (pipe == null) {
            return;
        }
        FileDescriptor[] held = pipe;
        int size = pipeBytes;
        pipe = null;
        pipeBytes = 0;
        if (size == 0) {
            sourceSplice.poller().returnPipe(held);
            return;
        }
        if (!deliver) {
            SplicePoller.closePipe(held);
            return;
        }
        ByteBuf chunk = source.alloc().directBuffer(size);
        try {
            ByteBuffer into = chunk.internalNioBuffer(0, size);
            int read = 0;
            while (read < size) {
                int n = held[0].read(into, into.position(), into.limit());
                if (n <= 0) {
                    throw new IOException("pipe held " + size + " bytes but gave " + read);
                }
                read += n;
                into.position(into.position() + n);
            }
            chunk.writerIndex(size);
        } catch (IOException e) {
            chunk.release();
            SplicePoller.closePipe(held);
            connection.close();
            return;
        }
        sourceSplice.poller().returnPipe(held);
        heldBytes += size;
        head.data(chunk, System.nanoTime());
    }

    void spliceReadable() {
        sourceReadable = true;
        pump();
    }

    void spliceWritable() {
        pump();
    }

    /**
     * Moves bytes source -> pipe -> target until the source has none (EAGAIN), the target takes no
     * more (EAGAIN; its EPOLLOUT resumes), or the turn is used up (then a task resumes). Only an
     * empty pipe is filled, so a splice into the pipe that moves nothing means the source is dry.
     */
    private void pump() {
        if (!splicing || !source.isOpen() || !target.isOpen()) {
            return;
        }
        try {
            for (int round = 0; round < SPLICE_ROUNDS_PER_TURN; round++) {
                if (pipeBytes > 0) {
                    int n = SpliceSupport.splice(pipe[0].intValue(), targetSplice.fd(), pipeBytes);
                    if (n == 0) {
                        return;
                    }
                    pipeBytes -= n;
                    counters.sent(n);
                    continue;
                }
                if (!sourceReadable) {
                    releasePipe();
                    return;
                }
                if (pipe == null) {
                    pipe = sourceSplice.poller().borrowPipe();
                    if (pipe == null) {
                        // No fd for a pipe (EMFILE): this link relays through the buffered path.
                        spliceRefused = true;
                        stopSplicing(true);
                        maybeRead();
                        return;
                    }
                }
                int n = SpliceSupport.splice(sourceSplice.fd(), pipe[1].intValue(), SPLICE_BYTES);
                if (n == 0) {
                    sourceReadable = false;
                    releasePipe();
                    burstEnded();
                    return;
                }
                pipeBytes += n;
                burstBytes += n;
                counters.received(n);
                counters.spliced(n);
            }
        } catch (IOException e) {
            // A reset or a broken pipe on either socket: as a failed write on the buffered path.
            connection.close();
            return;
        }
        if (!pumpScheduled) {
            pumpScheduled = true;
            executor().execute(() -> {
                pumpScheduled = false;
                pump();
            });
        }
    }

    /**
     * The source ran dry (its pipe is empty). After {@link #SMALL_BURSTS_TO_LEAVE} small bursts in
     * a row the link carries small messages, not a bulk transfer: back to the buffered path, which
     * is cheaper per message, until a big read batch brings it here again.
     */
    private void burstEnded() {
        long bytes = burstBytes;
        burstBytes = 0;
        if (bytes == 0) {
            return; // woken without bytes (e.g. a hang-up event): not a message
        }
        if (bytes >= SMALL_BURST_BYTES) {
            smallBursts = 0;
            return;
        }
        if (++smallBursts >= SMALL_BURSTS_TO_LEAVE) {
            smallBursts = 0;
            bulk = false;
            stopSplicing(true);
            maybeRead();
        }
    }

    private void releasePipe() {
        if (pipe != null && pipeBytes == 0) {
            sourceSplice.poller().returnPipe(pipe);
            pipe = null;
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
        if (splicing) {
            // The pipe's bytes go through the new toxic, as bytes read after it would.
            stopSplicing(true);
            maybeRead();
        }
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
        if (!inReadBatch) {
            // The last toxic gone: back to splicing once what the chain held has been written.
            maybeRead();
        }
    }

    /** The connection is gone: release whatever the stages hold. */
    void dispose() {
        if (splicing) {
            stopSplicing(false);
        }
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
