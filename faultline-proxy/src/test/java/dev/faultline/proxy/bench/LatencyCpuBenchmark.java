package dev.faultline.proxy.bench;

import static dev.faultline.proxy.bench.ProxyBenchmark.api;
import static dev.faultline.proxy.bench.ProxyBenchmark.drain;
import static dev.faultline.proxy.bench.ProxyBenchmark.firstMatch;
import static dev.faultline.proxy.bench.ProxyBenchmark.match;
import static dev.faultline.proxy.bench.ProxyBenchmark.median;
import static dev.faultline.proxy.bench.ProxyBenchmark.percentile;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Benchmark harness (not a test), issue 10: proxy CPU time with many slow connections under a
 * latency toxic, against the same load with no toxic. 1,000 connections each send an 8-byte
 * timestamp 10 times a second (staggered) through the proxy to an echo server; the client (one
 * selector thread) measures each round trip. Proxy CPU is utime + stime from /proc over the
 * measured window. Run from the worktree root with the classpath of {@link ProxyBenchmark}:
 *
 * <pre>
 * java -cp faultline-proxy/target/test-classes:faultline-proxy/target/classes:$(cat /tmp/fp.cp) \
 *      dev.faultline.proxy.bench.LatencyCpuBenchmark [connections] [seconds]
 * </pre>
 */
public final class LatencyCpuBenchmark {

    private static final int RUNS = 3;
    private static final long TICK_HZ = 100; // USER_HZ on Linux: /proc/<pid>/stat times are in 1/100 s

    private LatencyCpuBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String classpath = System.getProperty("java.class.path");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process echo = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, EchoServerMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Process proxy = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, "dev.faultline.proxy.ProxyServer",
                "--port", "0").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            int echoPort = Integer.parseInt(firstMatch(echo.getInputStream(), Pattern.compile("PORT (\\d+)")));
            int apiPort = Integer.parseInt(firstMatch(proxy.getErrorStream(), Pattern.compile("listening on [^:]+:(\\d+)")));
            drain(proxy.getErrorStream());
            String created = api(apiPort, "POST", "/proxies",
                    "{\"name\":\"cpu\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:" + echoPort + "\"}");
            int proxyPort = Integer.parseInt(match(created, Pattern.compile("\"listen\":\"127.0.0.1:(\\d+)\"")));
            System.out.printf("%d connections x 10 msg/s, %d s per phase; proxy pid %d%n", connections, seconds, proxy.pid());

            phase(proxyPort, proxy.pid(), connections, 3); // warm-up (JIT), discarded
            double[] cpuPlain = new double[RUNS];
            double[] cpuDelayed = new double[RUNS];
            double[] errorP50 = new double[RUNS];
            double[] errorP99 = new double[RUNS];
            for (int run = 0; run < RUNS; run++) {
                Result plain = phase(proxyPort, proxy.pid(), connections, seconds);
                api(apiPort, "POST", "/proxies/cpu/toxics",
                        "{\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\",\"attributes\":{\"latency\":100}}");
                Result delayed = phase(proxyPort, proxy.pid(), connections, seconds);
                api(apiPort, "DELETE", "/proxies/cpu/toxics/lat", null);
                long[] errors = delayed.errorsFrom(100);
                cpuPlain[run] = plain.cpuSeconds;
                cpuDelayed[run] = delayed.cpuSeconds;
                errorP50[run] = percentile(errors, 50) / 1e6;
                errorP99[run] = percentile(errors, 99) / 1e6;
                System.out.printf("run %d: no toxic CPU %.2f s, RTT p50 %.3f ms p99 %.3f ms (%d); latency 100 ms CPU %.2f s,"
                                + " |RTT - 100 ms| p50 %.3f ms p99 %.3f ms (%d)%n", run, plain.cpuSeconds, plain.p50Ms,
                        plain.p99Ms, plain.samples, delayed.cpuSeconds, errorP50[run], errorP99[run], delayed.samples);
            }
            System.out.printf("medians of %d: proxy CPU no toxic %.2f s, latency %.2f s, ratio %.2f (target <= 1.5);"
                            + " |RTT - 100 ms| p50 %.3f ms, p99 %.3f ms (target <= 1)%n", RUNS, median(cpuPlain),
                    median(cpuDelayed), median(cpuDelayed) / median(cpuPlain), median(errorP50), median(errorP99));
        } finally {
            proxy.destroy();
            echo.destroy();
        }
    }

    private record Result(double cpuSeconds, double p50Ms, double p99Ms, int samples, long[] rttNanos) {
        /** |round trip - expectedMs| for every sample, sorted (includes the proxy's own round trip). */
        long[] errorsFrom(double expectedMs) {
            long expected = (long) (expectedMs * 1e6);
            return Arrays.stream(rttNanos).map(n -> Math.abs(n - expected)).sorted().toArray();
        }
    }

    /** Opens the connections, runs the load for {@code seconds} after a 2 s warm-up, closes them. */
    private static Result phase(int port, long pid, int count, int seconds) throws Exception {
        List<SocketChannel> channels = new ArrayList<>(count);
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, i);
                channels.add(channel);
            }
            long periodNanos = 100_000_000L;
            long start = System.nanoTime();
            long warmupEnd = start + 2_000_000_000L;
            long end = warmupEnd + seconds * 1_000_000_000L;
            long[] nextSend = new long[count];
            for (int i = 0; i < count; i++) {
                nextSend[i] = start + periodNanos * i / count;
            }
            long[] rtts = new long[count * seconds * 12];
            int samples = 0;
            long cpuStart = -1;
            ByteBuffer out = ByteBuffer.allocate(8);
            ByteBuffer in = ByteBuffer.allocate(4096);
            int cursor = 0;
            while (true) {
                long now = System.nanoTime();
                if (cpuStart < 0 && now >= warmupEnd) {
                    cpuStart = cpuTicks(pid);
                }
                if (now >= end) {
                    break;
                }
                // Sends due (the schedule is round-robin, so scanning from the cursor finds them in order).
                for (int scanned = 0; scanned < count && nextSend[cursor] <= now; scanned++) {
                    out.clear();
                    out.putLong(System.nanoTime()).flip();
                    channels.get(cursor).write(out);
                    nextSend[cursor] += periodNanos;
                    cursor = (cursor + 1) % count;
                }
                long waitNanos = Math.max(0, nextSend[cursor] - System.nanoTime());
                selector.select(Math.max(1, waitNanos / 1_000_000));
                for (SelectionKey key : selector.selectedKeys()) {
                    in.clear();
                    int n = ((SocketChannel) key.channel()).read(in);
                    long received = System.nanoTime();
                    in.flip();
                    // Loopback with TCP_NODELAY: each 8-byte message arrives whole; several may coalesce.
                    while (n > 0 && in.remaining() >= 8) {
                        long sent = in.getLong();
                        if (sent >= warmupEnd && samples < rtts.length) {
                            rtts[samples++] = received - sent;
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
            double cpu = (cpuTicks(pid) - cpuStart) / (double) TICK_HZ;
            long[] sorted = Arrays.copyOf(rtts, samples);
            Arrays.sort(sorted);
            return new Result(cpu, percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6, samples, sorted);
        } finally {
            for (SocketChannel channel : channels) {
                channel.close();
            }
            Thread.sleep(1000);
        }
    }

    /** utime + stime of a process, in clock ticks. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
