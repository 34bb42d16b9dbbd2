package dev.faultline.proxy.toxic;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;

/**
 * An ordered queue of chunks a stage is holding back, with end-of-stream as a queued marker so it
 * can never overtake the data before it. Each entry carries a time the stage chooses (a due time or
 * the receive time).
 */
final class HeldChunks {

    /** One held item; {@code chunk == null} marks end of stream. */
    record Held(ByteBuf chunk, long nanos) {
        boolean isEnd() {
            return chunk == null;
        }
    }

    private final ArrayDeque<Held> queue = new ArrayDeque<>();

    void add(ByteBuf chunk, long nanos) {
        queue.add(new Held(chunk, nanos));
    }

    void addEnd(long nanos) {
        queue.add(new Held(null, nanos));
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    Held peek() {
        return queue.peek();
    }

    Held poll() {
        return queue.poll();
    }

    /** Hands everything to {@code next} in order, now (interrupt semantics). */
    void flushTo(ChunkSink next) {
        Held held;
        while ((held = queue.poll()) != null) {
            if (held.isEnd()) {
                next.end();
            } else {
                next.data(held.chunk(), held.nanos());
            }
        }
    }

    /** Releases every held buffer (the connection is gone). */
    void releaseAll() {
        Held held;
        while ((held = queue.poll()) != null) {
            if (!held.isEnd()) {
                held.chunk().release();
            }
        }
    }
}
