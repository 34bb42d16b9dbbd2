package dev.faultline.proxy.toxic;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The latency stage's time arithmetic at the extremes (issue 9 item 4), on a real event executor. */
class LatencyArithmeticTest {

    private final EventExecutor loop = new DefaultEventExecutor();
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private final LinkContext link = new LinkContext() {
        @Override
        public EventExecutor executor() {
            return loop;
        }

        @Override
        public void dropped(int bytes) {
            seen.add("dropped " + bytes);
        }

        @Override
        public void closeConnection() {
            seen.add("closed");
        }
    };

    private final ChunkSink sink = new ChunkSink() {
        @Override
        public void data(ByteBuf chunk, long receivedNanos) {
            seen.add("data " + chunk.readableBytes());
            chunk.release();
        }

        @Override
        public void end() {
            seen.add("end");
        }
    };

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private ToxicStage stage(long latencyMs, long jitterMs) {
        ToxicStage stage = ToxicType.LATENCY.newStage(new ToxicAttributes(Map.of("latency", latencyMs, "jitter", jitterMs)), link);
        stage.linkTo(sink);
        return stage;
    }

    private void onLoop(Runnable task) throws Exception {
        loop.submit(task).get(5, TimeUnit.SECONDS);
    }

    private void awaitSeen(int count) throws Exception {
        for (int i = 0; i < 200 && seen.size() < count; i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void endOfStreamWithNothingHeldPassesAtOnce() throws Exception {
        ToxicStage stage = stage(0, 0);
        onLoop(stage::end);
        awaitSeen(1);
        assertThat(seen).containsExactly("end");
    }

    @Test
    void endOfStreamFollowsTheDataBeforeIt() throws Exception {
        ToxicStage stage = stage(30, 0);
        onLoop(() -> {
            stage.data(Unpooled.buffer(3).writeZero(3), System.nanoTime());
            stage.end();
        });
        awaitSeen(2);
        assertThat(seen).containsExactly("data 3", "end");
    }

    @Test
    void absurdLatencyAndJitterNeitherThrowNorReleaseEarly() throws Exception {
        for (long value : new long[] {Long.MAX_VALUE, 4_600_000_000_000L, LatencyToxic.MAX_DELAY_MS}) {
            seen.clear();
            ToxicStage stage = stage(value, value);
            onLoop(() -> {
                for (int i = 0; i < 50; i++) {
                    stage.data(Unpooled.buffer(1).writeZero(1), System.nanoTime());
                }
                stage.end();
            });
            Thread.sleep(50);
            // Held, not dropped by an exception, and end is not overtaking the data.
            assertThat(seen).as("latency and jitter %d ms", value).isEmpty();
            onLoop(stage::interrupt);
            assertThat(seen).hasSize(51).last().isEqualTo("end");
            assertThat(seen.subList(0, 50)).containsOnly("data 1");
        }
    }
}
