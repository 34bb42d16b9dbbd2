package dev.faultline.proxy.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark harness (not a test). This process is the client; the echo server and two proxies
 * (with -Xmx256m) run in their own JVMs: one with {@code -Dfaultline.proxy.splice=false} (the
 * buffered relay, "before") and one with splice ("after"), measured in the same runs against
 * direct. {@code -Dbench.runs=N} sets the runs per figure, {@code -Dbench.millis=M} the length of
 * one throughput measurement (default 2000); {@code --no-many} skips the 5,000-connection step.
 * After a warm-up, each run measures direct and both proxies one after the other, the order
 * rotated every run; ratios are taken within a run and the medians over runs are reported.
 * {@code -Dbench.previous.classes=DIR} adds a third proxy, spliced, running the proxy classes in
 * DIR (an earlier build), to compare two versions of the relay in the same run;
 * {@code -Dbench.extra.flags="..."} adds one running our classes with those JVM flags. Run from the worktree root:
 *
 * <pre>
 * mvn -q -pl faultline-proxy -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/fp.cp
 * java -cp faultline-proxy/target/test-classes:faultline-proxy/target/classes:$(cat /tmp/fp.cp) \
 *      dev.faultline.proxy.bench.ProxyBenchmark
 * </pre>
 */
public final class ProxyBenchmark {

    private static final int CHUNK = 64 * 1024;
    private static final int RUNS = Integer.getInteger("bench.runs", 3);
    private static final long THROUGHPUT_MILLIS = Long.getLong("bench.millis", 2000);
    private static final long WARMUP_MILLIS = 1000;
    private static final int ROUND_TRIPS = 20_000;

    private ProxyBenchmark() {
    }

    /** One proxy process under test: the buffered relay (splice off) or the default (splice on). */
    private record ProxyUnderTest(String label, Process process, int apiPort, int port) {
    }

    public static void main(String[] args) throws Exception {
        String classpath = System.getProperty("java.class.path");
        long self = ProcessHandle.current().pid();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process echo = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, EchoServerMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<ProxyUnderTest> proxies = new ArrayList<>();
        try {
            int echoPort = Integer.parseInt(firstMatch(echo.getInputStream(), Pattern.compile("PORT (\\d+)")));
            // Before and after in the same run: the same proxy code with splice off, then on.
            proxies.add(startProxy(java, classpath, "buffered", "-Dfaultline.proxy.splice=false", echoPort));
            proxies.add(startProxy(java, classpath, "spliced", "-Dfaultline.proxy.splice=true", echoPort));
            String previous = System.getProperty("bench.previous.classes");
            if (previous != null) {
                // An earlier build's proxy classes (e.g. a copy of target/classes at another
                // commit), spliced, ahead of ours on the class path: old and new relay in one run.
                proxies.add(startProxy(java, previous + File.pathSeparator + classpath, "spliced-previous",
                        "-Dfaultline.proxy.splice=true", echoPort));
            }
            String extraFlags = System.getProperty("bench.extra.flags");
            if (extraFlags != null) {
                // The spliced proxy once more with other JVM flags (e.g. a tuning property).
                proxies.add(startProxy(java, classpath, "spliced-extra", extraFlags, echoPort));
            }
            for (ProxyUnderTest proxy : proxies) {
                System.out.printf("%s proxy: pid %d api %d listen %d%n", proxy.label(), proxy.process().pid(),
                        proxy.apiPort(), proxy.port());
            }
            System.out.printf("echo pid %d port %d%n", echo.pid(), echoPort);

            System.out.println("load average at start: " + loadAverage());
            // Warm-up (not counted): the client's and each proxy's JIT, TCP autotuning.
            // The ping-pong gets as long a warm-up as a measured run: with splice, bulk transfers
            // never run the buffered code that small messages take, so it is still being compiled
            // when the round trips start (seen as up to 2x proxy CPU per trip in the first runs).
            throughputMbPerSecond(echoPort, 1, WARMUP_MILLIS);
            pingPongNanos(echoPort, ROUND_TRIPS);
            for (ProxyUnderTest proxy : proxies) {
                throughputMbPerSecond(proxy.port(), 1, WARMUP_MILLIS);
                pingPongNanos(proxy.port(), ROUND_TRIPS);
            }
            for (int connections : new int[] {1, 16}) {
                double[] direct = new double[RUNS];
                double[][] proxied = new double[proxies.size()][RUNS];
                double[][] cpuPerGb = new double[proxies.size()][RUNS];
                // CPU of the whole setup (client, echo server, proxy if any) per GB echoed: if the
                // 2 cores are the limit, direct/proxied throughput tends to the inverse ratio.
                double[] directTotalCpu = new double[RUNS];
                double[][] totalCpu = new double[proxies.size()][RUNS];
                for (int run = 0; run < RUNS; run++) {
                    // Direct and each proxy one after the other, the order rotated every run, so
                    // neither a load change nor a position in the sequence favours one of them.
                    for (int step = 0; step <= proxies.size(); step++) {
                        int target = (step + run) % (proxies.size() + 1);
                        long setupTicks = cpuTicks(self) + cpuTicks(echo.pid());
                        if (target == proxies.size()) {
                            direct[run] = throughputMbPerSecond(echoPort, connections, THROUGHPUT_MILLIS);
                            directTotalCpu[run] = (cpuTicks(self) + cpuTicks(echo.pid()) - setupTicks) * 10.0
                                    / (lastReceivedBytes / 1e9);
                            continue;
                        }
                        long pid = proxies.get(target).process().pid();
                        long ticks = cpuTicks(pid);
                        proxied[target][run] = throughputMbPerSecond(proxies.get(target).port(), connections, THROUGHPUT_MILLIS);
                        // Proxy CPU per GB echoed (each byte crosses the proxy twice): the cost of
                        // the relay itself, which the host's load does not change much.
                        cpuPerGb[target][run] = (cpuTicks(pid) - ticks) * 10.0 / (lastReceivedBytes / 1e9);
                        totalCpu[target][run] = cpuPerGb[target][run]
                                + (cpuTicks(self) + cpuTicks(echo.pid()) - setupTicks) * 10.0 / (lastReceivedBytes / 1e9);
                    }
                    StringBuilder line = new StringBuilder(String.format("  %2d conn run %d: direct %.0f MB/s", connections, run, direct[run]));
                    for (int i = 0; i < proxies.size(); i++) {
                        line.append(String.format(", %s %.0f MB/s (%.2fx, proxy CPU %.0f ms/GB)", proxies.get(i).label(),
                                proxied[i][run], proxied[i][run] / direct[run], cpuPerGb[i][run]));
                    }
                    System.out.println(line);
                }
                for (int i = 0; i < proxies.size(); i++) {
                    System.out.printf("proxy CPU per GB echoed, %2d conn, %s: median %.0f ms%n", connections,
                            proxies.get(i).label(), median(cpuPerGb[i]));
                }
                StringBuilder total = new StringBuilder(String.format(
                        "CPU per GB echoed, client + echo server + proxy, %2d conn: direct %.0f ms", connections,
                        median(directTotalCpu)));
                for (int i = 0; i < proxies.size(); i++) {
                    total.append(String.format(", %s %.0f ms (direct/proxied %.2f)", proxies.get(i).label(),
                            median(totalCpu[i]), median(directTotalCpu) / median(totalCpu[i])));
                }
                System.out.println(total);
                for (int i = 0; i < proxies.size(); i++) {
                    double[] ratios = new double[RUNS];
                    for (int run = 0; run < RUNS; run++) {
                        ratios[run] = proxied[i][run] / direct[run];
                    }
                    System.out.printf("throughput %2d conn, %s: median ratio %.2f (runs %s; target >= 0.8)%n",
                            connections, proxies.get(i).label(), median(ratios), Arrays.toString(round(ratios)));
                }
                System.out.println("load average: " + loadAverage());
            }

            // Interleaved per run (direct, then each proxy, the order rotated every run).
            double[][] p50 = new double[proxies.size()][RUNS];
            double[][] p99 = new double[proxies.size()][RUNS];
            double[][] cpuPerTrip = new double[proxies.size()][RUNS];
            for (int run = 0; run < RUNS; run++) {
                long[] direct = null;
                long[][] proxied = new long[proxies.size()][];
                for (int step = 0; step <= proxies.size(); step++) {
                    int target = (step + run) % (proxies.size() + 1);
                    if (target == proxies.size()) {
                        direct = pingPongNanos(echoPort, ROUND_TRIPS);
                        continue;
                    }
                    long pid = proxies.get(target).process().pid();
                    long ticks = cpuTicks(pid);
                    proxied[target] = pingPongNanos(proxies.get(target).port(), ROUND_TRIPS);
                    // Proxy CPU per round trip (warm-up included): two hops through the proxy.
                    cpuPerTrip[target][run] = (cpuTicks(pid) - ticks) * 10_000.0 / (ROUND_TRIPS + warmupTrips(ROUND_TRIPS));
                }
                StringBuilder line = new StringBuilder(String.format("  RTT run %d: direct p50 %.1f us p99 %.1f us", run,
                        percentile(direct, 50) / 1000.0, percentile(direct, 99) / 1000.0));
                for (int i = 0; i < proxies.size(); i++) {
                    p50[i][run] = (percentile(proxied[i], 50) - percentile(direct, 50)) / 1000.0;
                    p99[i][run] = (percentile(proxied[i], 99) - percentile(direct, 99)) / 1000.0;
                    line.append(String.format("; %s p50 %.1f us p99 %.1f us (proxy CPU %.1f us/trip)", proxies.get(i).label(),
                            percentile(proxied[i], 50) / 1000.0, percentile(proxied[i], 99) / 1000.0, cpuPerTrip[i][run]));
                }
                System.out.println(line);
            }
            for (int i = 0; i < proxies.size(); i++) {
                System.out.printf("added RTT (proxy - direct), %s: p50 %.1f us (target <= 10; runs %s), p99 %.1f us;"
                        + " proxy CPU per round trip %.1f us%n", proxies.get(i).label(), median(p50[i]),
                        Arrays.toString(round(p50[i])), median(p99[i]), median(cpuPerTrip[i]));
            }
            System.out.println("load average: " + loadAverage());

            ProxyUnderTest spliced = proxies.get(1);
            api(spliced.apiPort(), "POST", "/proxies/bench/toxics",
                    "{\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\",\"attributes\":{\"latency\":100}}");
            long[] withLatency = pingPongNanos(spliced.port(), 300);
            long[] errors = Arrays.stream(withLatency).map(n -> Math.abs(n - 100_000_000L)).sorted().toArray();
            System.out.printf("latency toxic 100 ms: p50 |observed - configured| %.3f ms, p99 %.3f ms (target <= 1)%n",
                    percentile(errors, 50) / 1e6, percentile(errors, 99) / 1e6);
            api(spliced.apiPort(), "DELETE", "/proxies/bench/toxics/lat", null);
            System.out.println(metricLines(spliced.apiPort(), "spliced_bytes_total"));

            if (args.length == 0 || !args[0].equals("--no-many")) {
                manyConnections(spliced.port(), spliced.process().pid(), 5000);
            }
        } finally {
            proxies.forEach(proxy -> proxy.process().destroy());
            echo.destroy();
        }
    }

    private static ProxyUnderTest startProxy(String java, String classpath, String label, String flags, int echoPort)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
        command.addAll(List.of(flags.trim().split("\\s+")));
        command.addAll(List.of("-cp", classpath, "dev.faultline.proxy.ProxyServer", "--port", "0"));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int apiPort = Integer.parseInt(firstMatch(process.getErrorStream(), Pattern.compile("listening on [^:]+:(\\d+)")));
        drain(process.getErrorStream());
        String created = api(apiPort, "POST", "/proxies",
                "{\"name\":\"bench\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:" + echoPort + "\"}");
        int port = Integer.parseInt(match(created, Pattern.compile("\"listen\":\"127.0.0.1:(\\d+)\"")));
        return new ProxyUnderTest(label, process, apiPort, port);
    }

    private static String metricLines(int apiPort, String name) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (String line : api(apiPort, "GET", "/metrics", null).split("\n")) {
            if (line.contains(name) && !line.startsWith("#")) {
                lines.append("  ").append(line).append('\n');
            }
        }
        return lines.toString().stripTrailing();
    }

    private static double[] round(double[] values) {
        return Arrays.stream(values).map(v -> Math.round(v * 100) / 100.0).toArray();
    }

    /** Bytes the last {@link #throughputMbPerSecond} run received back. */
    private static long lastReceivedBytes;

    static long cpuTicks(long pid) throws IOException {
        String stat = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/" + pid + "/stat")),
                StandardCharsets.US_ASCII);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static double throughputMbPerSecond(int port, int connections) throws Exception {
        return throughputMbPerSecond(port, connections, THROUGHPUT_MILLIS);
    }

    static double throughputMbPerSecond(int port, int connections, long millis) throws Exception {
        AtomicLong received = new AtomicLong();
        List<Socket> sockets = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (int i = 0; i < connections; i++) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            sockets.add(socket);
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[CHUNK];
                try {
                    OutputStream out = socket.getOutputStream();
                    while (System.nanoTime() < deadline) {
                        out.write(chunk);
                    }
                    socket.shutdownOutput();
                } catch (IOException ignored) {
                    // closed at the end
                }
            });
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[CHUNK];
                try {
                    InputStream in = socket.getInputStream();
                    int n;
                    while ((n = in.read(buffer)) > 0 && System.nanoTime() < deadline) {
                        received.addAndGet(n);
                    }
                } catch (IOException ignored) {
                    // closed at the end
                }
            });
            threads.add(writer);
            threads.add(reader);
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(millis + 5000);
        }
        double seconds = (Math.min(System.nanoTime(), deadline) - start) / 1e9;
        for (Socket socket : sockets) {
            socket.close();
        }
        lastReceivedBytes = received.get();
        return received.get() / seconds / 1e6;
    }

    static long[] pingPongNanos(int port, int count) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            int warmup = warmupTrips(count);
            for (int i = 0; i < warmup; i++) {
                out.write(1);
                in.read();
            }
            long[] samples = new long[count];
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                out.write(1);
                if (in.read() < 0) {
                    throw new IOException("connection closed during ping-pong");
                }
                samples[i] = System.nanoTime() - start;
            }
            Arrays.sort(samples);
            return samples;
        }
    }

    private static int warmupTrips(int count) {
        return Math.min(2000, count / 10);
    }

    /** The host's 1, 5 and 15 minute load averages: other work sharing the cores. */
    static String loadAverage() throws IOException {
        String loadavg = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"));
        String[] fields = loadavg.split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private static void manyConnections(int proxyPort, long proxyPid, int count) throws Exception {
        List<Socket> sockets = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxyPort);
                socket.setSoTimeout(30_000);
                sockets.add(socket);
            }
            for (Socket socket : sockets) {
                socket.getOutputStream().write(7);
            }
            int echoed = 0;
            for (Socket socket : sockets) {
                if (socket.getInputStream().read() == 7) {
                    echoed++;
                }
            }
            String heap = heapInfo(proxyPid);
            System.out.printf("%d concurrent proxied connections open, %d echoed through the proxy; proxy heap after GC: %s"
                    + " (proxy -Xmx256m, target <= 256 MB)%n", count, echoed, heap);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private static String heapInfo(long pid) throws Exception {
        run("jcmd", Long.toString(pid), "GC.run");
        String info = run("jcmd", Long.toString(pid), "GC.heap_info");
        Matcher used = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
        return used.find() ? String.format("used %.1f MB of committed %.1f MB",
                Long.parseLong(used.group(2)) / 1024.0, Long.parseLong(used.group(1)) / 1024.0) : info.trim();
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    static String api(int port, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300 && response.statusCode() != 204) {
            throw new IOException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    static String firstMatch(InputStream stream, Pattern pattern) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        throw new IOException("process ended before printing " + pattern);
    }

    static String match(String text, Pattern pattern) throws IOException {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IOException("no " + pattern + " in " + text);
        }
        return matcher.group(1);
    }

    static void drain(InputStream stream) {
        Thread drainer = new Thread(() -> {
            try {
                stream.transferTo(OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // process ended
            }
        });
        drainer.setDaemon(true);
        drainer.start();
    }

    static long percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double median(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy[copy.length / 2];
    }
}
