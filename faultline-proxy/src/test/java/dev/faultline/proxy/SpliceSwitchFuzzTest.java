package dev.faultline.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 1, the switch between the zero-copy (splice) path and the buffered (toxic) path on
 * live connections: seeded rounds of connections carrying position-checked bytes both ways, with
 * writes from 1 byte to 256 KiB, ending by a close or a half-close right after the last write,
 * while another thread keeps adding and removing toxics that must not change a byte. A lost,
 * duplicated or reordered byte fails with its stream and offset; the seed is printed on failure.
 * {@code -Dfuzz.seed=S -Dfuzz.count=N} reproduces or widens a run.
 */
class SpliceSwitchFuzzTest extends ProxyTestBase {

    private static final long SEED = Long.getLong("fuzz.seed", 20_261_205L);
    private static final int ROUNDS = Integer.getInteger("fuzz.count", 3);
    private static final int CONNECTIONS = 4;
    private static final int MAX_STREAM_BYTES = 4 * 1024 * 1024;

    /** How a connection ends. */
    private enum Ending {
        /** Both sides write at once; the client closes after it has everything. */
        BOTH_THEN_CLOSE,
        /** The client writes and half-closes at once; the server writes nothing. */
        CLIENT_HALF_CLOSE,
        /** The server writes and half-closes at once; the client writes nothing. */
        SERVER_HALF_CLOSE
    }

    private record Plan(int index, Ending ending, long upBytes, long downBytes, long durationMs, long seed) {
        int upStream() {
            return 100 + index * 2;
        }

        int downStream() {
            return 101 + index * 2;
        }
    }

    @Test
    void toxicsComingAndGoingOnLiveConnectionsLoseDuplicateOrReorderNoByte() throws Exception {
        long spliced = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long seed = SEED + round;
            try {
                spliced += runRound(round, seed);
            } catch (AssertionError | Exception e) {
                throw new AssertionError("splice switch fuzz failed with -Dfuzz.seed=" + seed + " -Dfuzz.count=1: " + e, e);
            }
        }
        if (SpliceSupport.AVAILABLE) {
            // The rounds took the zero-copy path at all (else they proved only the buffered one).
            assertThat(spliced).as("bytes spliced over all rounds").isPositive();
        }
    }

    /**
     * The switch with bytes waiting in the proxy: the upstream does not read, so the proxy's pipe
     * holds bytes it cannot write; then a toxic comes (the pipe's bytes must go through it, first),
     * goes again while Netty still queues bytes for the target (splicing may only resume after
     * them), and the client half-closes right after its last write.
     */
    @Test
    void bytesHeldInThePipeSurviveToxicsComingAndGoingAndAHalfClose() throws Exception {
        long total = 24L * 1024 * 1024;
        try (ServerSocket upstream = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            upstream.setReceiveBufferSize(16 * 1024);
            Proxy proxy = client.createProxy("held", "127.0.0.1:0", "127.0.0.1:" + upstream.getLocalPort());
            ExecutorService threads = Executors.newCachedThreadPool();
            try (Socket socket = connect(proxy); Socket accepted = upstream.accept()) {
                accepted.setSoTimeout(30_000);
                AtomicLong written = new AtomicLong();
                CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                    try {
                        OutputStream out = socket.getOutputStream();
                        byte[] buffer = new byte[64 * 1024];
                        for (long position = 0; position < total; position += buffer.length) {
                            for (int i = 0; i < buffer.length; i++) {
                                buffer[i] = StreamIntegrityTest.patternByte(7, position + i);
                            }
                            out.write(buffer);
                            written.set(position + buffer.length);
                        }
                        socket.shutdownOutput();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }, threads);
                awaitStall(written, writing);
                proxy.toxics().latency("slow", ToxicDirection.UPSTREAM, 1);
                awaitStall(written, writing);
                proxy.toxics().get("slow").remove();
                InputStream in = accepted.getInputStream();
                assertThat(StreamIntegrityTest.readPattern(in, 7, total)).isEqualTo(total);
                assertThat(in.read()).as("end of stream right after the last byte").isEqualTo(-1);
                writing.get(30, TimeUnit.SECONDS);
            } finally {
                threads.shutdownNow();
            }
            if (SpliceSupport.AVAILABLE) {
                assertThat(sum(call("GET", "/metrics", null).body(), "spliced")).isPositive();
            }
        }
    }

    /** Waits (at most 20 s) until the writer has made no progress for 300 ms: every buffer is full. */
    private static void awaitStall(AtomicLong written, CompletableFuture<Void> writing) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long last = -1;
        long since = System.nanoTime();
        while (System.nanoTime() < deadline && !writing.isDone()) {
            long now = written.get();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(300)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the writer never stalled (written " + written.get() + " bytes): the buffers"
                + " absorbed everything, so this test would check nothing about held bytes");
    }

    /** Runs one round; returns the bytes its proxies spliced. */
    private long runRound(int round, long seed) throws Exception {
        Random random = new Random(seed);
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            Ending ending = Ending.values()[random.nextInt(Ending.values().length)];
            long up = ending == Ending.SERVER_HALF_CLOSE ? 0 : random.nextInt(MAX_STREAM_BYTES);
            long down = ending == Ending.CLIENT_HALF_CLOSE ? 0 : random.nextInt(MAX_STREAM_BYTES);
            plans.add(new Plan(i, ending, up, down, 300 + random.nextInt(700), random.nextLong()));
        }
        ExecutorService threads = Executors.newCachedThreadPool();
        List<ServerSocket> upstreams = new ArrayList<>();
        List<Proxy> proxies = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        try {
            List<CompletableFuture<Void>> outcomes = new ArrayList<>();
            for (Plan plan : plans) {
                ServerSocket upstream = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                upstreams.add(upstream);
                Proxy proxy = client.createProxy("fz" + round + "c" + plan.index(), "127.0.0.1:0",
                        "127.0.0.1:" + upstream.getLocalPort());
                proxies.add(proxy);
                outcomes.add(CompletableFuture.runAsync(() -> serverSide(upstream, plan, threads), threads));
                outcomes.add(CompletableFuture.runAsync(() -> clientSide(proxy, plan, threads), threads));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new));
            CompletableFuture<Void> toggler = CompletableFuture.runAsync(
                    () -> toggleToxics(proxies, new Random(seed * 31), done), threads);
            try {
                all.get(60, TimeUnit.SECONDS);
            } finally {
                done.set(true);
                toggler.get(30, TimeUnit.SECONDS);
            }
            for (CompletableFuture<Void> outcome : outcomes) {
                outcome.join();
            }
            long spliced = sum(call("GET", "/metrics", null).body(), "spliced");
            for (Proxy proxy : proxies) {
                proxy.delete();
            }
            return spliced;
        } finally {
            done.set(true);
            for (ServerSocket upstream : upstreams) {
                upstream.close();
            }
            threads.shutdownNow();
        }
    }

    /** Adds and removes byte-preserving toxics on random proxies and directions until told to stop. */
    private static void toggleToxics(List<Proxy> proxies, Random random, AtomicBoolean done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            for (int step = 0; step < 100_000 && !done.get() && System.nanoTime() < deadline; step++) {
                Proxy proxy = proxies.get(random.nextInt(proxies.size()));
                ToxicDirection direction = random.nextBoolean() ? ToxicDirection.UPSTREAM : ToxicDirection.DOWNSTREAM;
                String name = "t" + step;
                switch (random.nextInt(4)) {
                    case 0 -> proxy.toxics().latency(name, direction, 1 + random.nextInt(3));
                    case 1 -> proxy.toxics().slicer(name, direction, 1 + random.nextInt(3000), random.nextInt(50));
                    case 2 -> proxy.toxics().bandwidth(name, direction, 20_000 + random.nextInt(50_000));
                    default -> proxy.toxics().latency(name, direction, 100).setToxicity(0f);
                }
                Thread.sleep(random.nextInt(8));
                proxy.toxics().get(name).remove();
                Thread.sleep(random.nextInt(8));
            }
        } catch (IOException e) {
            if (!done.get()) {
                throw new IllegalStateException("toxic toggling failed: " + e.getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void clientSide(Proxy proxy, Plan plan, ExecutorService threads) {
        try (Socket socket = connect(proxy)) {
            // Small buffers and pausing readers fill the proxy's sockets, so bytes wait in its
            // pipes (and in Netty's queues) when the path switches: the cases that can go wrong.
            socket.setReceiveBufferSize(16 * 1024);
            socket.setSoTimeout(30_000);
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    write(socket.getOutputStream(), plan.upStream(), plan.upBytes(), plan.durationMs(), new Random(plan.seed()));
                    if (plan.ending() == Ending.CLIENT_HALF_CLOSE) {
                        socket.shutdownOutput();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            InputStream in = socket.getInputStream();
            read(in, plan.downStream(), plan.downBytes(), new Random(plan.seed() + 1));
            writing.get(30, TimeUnit.SECONDS);
            if (plan.ending() != Ending.BOTH_THEN_CLOSE) {
                assertThat(in.read()).as("client: end of stream after " + plan.downBytes() + " bytes, " + plan).isEqualTo(-1);
            }
        } catch (Exception e) {
            throw new IllegalStateException("client side of " + plan + ": " + e.getMessage(), e);
        }
    }

    private static void serverSide(ServerSocket upstream, Plan plan, ExecutorService threads) {
        try (Socket socket = upstream.accept()) {
            socket.setReceiveBufferSize(16 * 1024);
            socket.setSoTimeout(30_000);
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    write(socket.getOutputStream(), plan.downStream(), plan.downBytes(), plan.durationMs(), new Random(~plan.seed()));
                    if (plan.ending() == Ending.SERVER_HALF_CLOSE) {
                        socket.shutdownOutput();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            InputStream in = socket.getInputStream();
            read(in, plan.upStream(), plan.upBytes(), new Random(plan.seed() + 2));
            writing.get(30, TimeUnit.SECONDS);
            if (plan.ending() != Ending.SERVER_HALF_CLOSE) {
                // The client closed or half-closed after its last byte: that end arrives after it.
                assertThat(in.read()).as("server: end of stream after " + plan.upBytes() + " bytes, " + plan).isEqualTo(-1);
            }
        } catch (Exception e) {
            throw new IllegalStateException("server side of " + plan + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code total} pattern bytes in writes of 1 to 100 bytes or up to 256 KiB, half each,
     * spread over about {@code durationMs} so that the stream lives across several toxic changes.
     */
    private static void write(OutputStream out, int stream, long total, long durationMs, Random sizes) throws IOException {
        byte[] buffer = new byte[256 * 1024];
        long start = System.nanoTime();
        long position = 0;
        while (position < total) {
            int size = sizes.nextBoolean() ? 1 + sizes.nextInt(100) : 1 + sizes.nextInt(buffer.length);
            int n = (int) Math.min(total - position, size);
            for (int i = 0; i < n; i++) {
                buffer[i] = StreamIntegrityTest.patternByte(stream, position + i);
            }
            out.write(buffer, 0, n);
            position += n;
            // Bursts at full speed, then a pause back to the schedule.
            long dueMs = durationMs * position / total - (System.nanoTime() - start) / 1_000_000;
            if (dueMs > 0 && sizes.nextInt(8) == 0) {
                pause((int) Math.min(dueMs, 200));
            }
        }
        out.flush();
    }

    private static void pause(int millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Reads and checks exactly {@code total} pattern bytes in reads of random size, stalling now
     * and then (50-400 ms, one read in 32) so the proxy's writes to this socket block.
     */
    private static void read(InputStream in, int stream, long total, Random random) throws IOException, InterruptedException {
        byte[] buffer = new byte[64 * 1024];
        long position = 0;
        while (position < total) {
            int n = in.read(buffer, 0, (int) Math.min(1 + random.nextInt(buffer.length), total - position));
            if (n < 0) {
                throw new IOException("stream " + stream + ": end of stream after " + position + " of " + total + " bytes");
            }
            for (int i = 0; i < n; i++) {
                if (buffer[i] != StreamIntegrityTest.patternByte(stream, position + i)) {
                    throw new IOException("stream " + stream + ": wrong byte at offset " + (position + i));
                }
            }
            position += n;
            if (random.nextInt(32) == 0) {
                Thread.sleep(50 + random.nextInt(350));
            }
        }
    }

    private static final Pattern SAMPLE = Pattern.compile("faultline_proxy_(\\w+)_bytes_total\\{[^}]*} (\\d+)");

    private static long sum(String metrics, String kind) {
        long total = 0;
        Matcher m = SAMPLE.matcher(metrics);
        while (m.find()) {
            if (m.group(1).equals(kind)) {
                total += Long.parseLong(m.group(2));
            }
        }
        return total;
    }
}
