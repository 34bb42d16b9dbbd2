package dev.faultline.proxy;

import dev.faultline.proxy.toxic.Direction;
import dev.faultline.proxy.toxic.ToxicSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one proxy, updated from event loops and read by {@code GET /metrics}. */
final class ProxyMetrics {

    /** Bytes of one direction: received from the source socket and written to the target. */
    static final class DirectionCounters {
        private final LongAdder received = new LongAdder();
        private final LongAdder sent = new LongAdder();
        private final LongAdder spliced = new LongAdder();

        void received(int bytes) {
            received.add(bytes);
        }

        void sent(int bytes) {
            sent.add(bytes);
        }

        /** Bytes that took the zero-copy path (also counted as received, and as sent once written). */
        void spliced(int bytes) {
            spliced.add(bytes);
        }

        long splicedBytes() {
            return spliced.sum();
        }

        long receivedBytes() {
            return received.sum();
        }

        long sentBytes() {
            return sent.sum();
        }
    }

    /** Key of a toxic activation counter. */
    record ToxicKey(String toxic, String type, String direction) {
    }

    private final LongAdder active = new LongAdder();
    private final LongAdder total = new LongAdder();
    private final DirectionCounters upstream = new DirectionCounters();
    private final DirectionCounters downstream = new DirectionCounters();
    private final Map<ToxicKey, LongAdder> activations = new ConcurrentHashMap<>();

    DirectionCounters counters(Direction direction) {
        return direction == Direction.UPSTREAM ? upstream : downstream;
    }

    void connectionOpened() {
        active.increment();
        total.increment();
    }

    void connectionClosed() {
        active.decrement();
    }

    /** A toxic started on a link and its toxicity draw hit. */
    void toxicActivated(ToxicSpec spec) {
        activations.computeIfAbsent(new ToxicKey(spec.name(), spec.type().wireName(), spec.direction().wireName()),
                key -> new LongAdder()).increment();
    }

    long activeConnections() {
        return active.sum();
    }

    long totalConnections() {
        return total.sum();
    }

    Map<ToxicKey, LongAdder> activations() {
        return activations;
    }
}
