package dev.faultline.proxy.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Benchmark harness (not a test) for issue 8: does holding 100 leased faults (15 s leases, the
 * engine's default), each renewed about every 600 ms (about 170 renewals a second), change what proxied traffic sees? Interleaves runs without
 * and with the leases on the same proxy JVM. Same setup and command as {@link ProxyBenchmark}, with
 * class {@code dev.faultline.proxy.bench.LeaseBenchmark}.
 */
public final class LeaseBenchmark {

    private static final int LEASED = 100;
    private static final int RUNS = 3;

    private LeaseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String classpath = System.getProperty("java.class.path");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process echo = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, EchoServerMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Process proxy = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, "dev.faultline.proxy.ProxyServer",
                "--port", "0").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        HttpClient http = HttpClient.newHttpClient();
        AtomicBoolean renewing = new AtomicBoolean();
        try {
            int echoPort = Integer.parseInt(ProxyBenchmark.firstMatch(echo.getInputStream(), Pattern.compile("PORT (\\d+)")));
            int apiPort = Integer.parseInt(ProxyBenchmark.firstMatch(proxy.getErrorStream(),
                    Pattern.compile("listening on [^:]+:(\\d+)")));
            ProxyBenchmark.drain(proxy.getErrorStream());
            String created = ProxyBenchmark.api(apiPort, "POST", "/proxies",
                    "{\"name\":\"bench\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:" + echoPort + "\"}");
            int proxyPort = Integer.parseInt(ProxyBenchmark.match(created, Pattern.compile("\"listen\":\"127.0.0.1:(\\d+)\"")));
            // The leased faults live on other proxies, as other runs' faults would: the question is
            // whether lease bookkeeping and renewals reach this proxy's traffic.
            for (int i = 0; i < LEASED; i++) {
                ProxyBenchmark.api(apiPort, "POST", "/proxies",
                        "{\"name\":\"leased" + i + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:" + echoPort + "\"}");
            }
            List<Long> renewNanos = new ArrayList<>();
            Thread renewer = null;
            double[][] throughput = new double[2][RUNS];
            double[][] rttP50 = new double[2][RUNS];
            double[][] rttP99 = new double[2][RUNS];
            for (int run = 0; run < RUNS; run++) {
                for (int leased = 0; leased < 2; leased++) {
                    if (leased == 1) {
                        for (int i = 0; i < LEASED; i++) {
                            send(http, apiPort, "/proxies/leased" + i + "/toxics",
                                    "{\"name\":\"lat\",\"type\":\"latency\",\"attributes\":{\"latency\":10}}", true);
                        }
                        renewing.set(true);
                        renewer = new Thread(() -> {
                            while (renewing.get()) {
                                for (int i = 0; i < LEASED && renewing.get(); i++) {
                                    long start = System.nanoTime();
                                    send(http, apiPort, "/proxies/leased" + i + "/toxics/lat/lease", "", false);
                                    synchronized (renewNanos) {
                                        renewNanos.add(System.nanoTime() - start);
                                    }
                                    sleepQuietly(600 / LEASED);
                                }
                            }
                        });
                        renewer.start();
                        Thread.sleep(1000);
                    }
                    throughput[leased][run] = ProxyBenchmark.throughputMbPerSecond(proxyPort, 1);
                    long[] rtt = ProxyBenchmark.pingPongNanos(proxyPort, 20_000);
                    rttP50[leased][run] = ProxyBenchmark.percentile(rtt, 50) / 1000.0;
                    rttP99[leased][run] = ProxyBenchmark.percentile(rtt, 99) / 1000.0;
                    if (leased == 1) {
                        renewing.set(false);
                        renewer.join();
                        for (int i = 0; i < LEASED; i++) {
                            send(http, apiPort, "/proxies/leased" + i + "/toxics/lat", null, false);
                        }
                    }
                    System.out.printf("run %d, %3d leases: throughput %.0f MB/s, RTT p50 %.1f us, p99 %.1f us%n",
                            run, leased * LEASED, throughput[leased][run], rttP50[leased][run], rttP99[leased][run]);
                }
            }
            long[] renew = renewNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("medians: no leases %.0f MB/s, p50 %.1f us, p99 %.1f us; %d leases renewed every 600 ms:"
                            + " %.0f MB/s, p50 %.1f us, p99 %.1f us%n",
                    ProxyBenchmark.median(throughput[0]), ProxyBenchmark.median(rttP50[0]), ProxyBenchmark.median(rttP99[0]),
                    LEASED, ProxyBenchmark.median(throughput[1]), ProxyBenchmark.median(rttP50[1]), ProxyBenchmark.median(rttP99[1]));
            System.out.printf("renew call (client side, %d calls): p50 %.2f ms, p99 %.2f ms%n", renew.length,
                    ProxyBenchmark.percentile(renew, 50) / 1e6, ProxyBenchmark.percentile(renew, 99) / 1e6);
        } finally {
            renewing.set(false);
            proxy.destroy();
            echo.destroy();
        }
    }

    private static void send(HttpClient http, int port, String path, String body, boolean leased) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
            if (body == null) {
                request.DELETE();
            } else {
                request.POST(HttpRequest.BodyPublishers.ofString(body));
            }
            if (leased) {
                request.header("Faultline-Lease-Ms", "15000"); // the engine's default lease
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 && response.statusCode() != 204) {
                System.err.println(path + " -> " + response.statusCode() + " " + response.body());
            }
        } catch (Exception e) {
            System.err.println(path + " -> " + e);
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
