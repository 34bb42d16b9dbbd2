package dev.faultline.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Issue 9 item 5: a proxy server that runs out of file descriptors (EMFILE on accept) keeps its API
 * alive and serves again once descriptors are free. The server is a child JVM started under
 * {@code prlimit --nofile}, so the limit is real and hurts nobody else.
 */
@EnabledOnOs(OS.LINUX)
class FdExhaustionTest {

    private static final int FD_LIMIT = 160;

    @Test
    void theApiSurvivesRunningOutOfFileDescriptors() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process server = new ProcessBuilder("prlimit", "--nofile=" + FD_LIMIT + ":" + FD_LIMIT, "--",
                java, "-Xmx128m", "-Dfaultline.proxy.threads=1", "-cp", System.getProperty("java.class.path"),
                ProxyServer.class.getName(), "--port", Integer.toString(port))
                .redirectErrorStream(true).start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                }
            } catch (Exception e) {
                // process gone
            }
        }, "fd-test-output");
        reader.setDaemon(true);
        reader.start();
        List<Socket> held = new ArrayList<>();
        try {
            assertThat(awaitVersion(port, 90_000)).as("server came up: %s", output).isTrue();
            // Exhaust: every accepted connection costs the server one descriptor.
            for (int i = 0; i < FD_LIMIT + 100; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                held.add(socket);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (output.stream().noneMatch(l -> l.contains("cannot accept connections")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(output).as("the server reported the exhaustion").anyMatch(l -> l.contains("cannot accept connections"));
            Thread.sleep(1_500); // keep it exhausted for a while: the backoff must not spin or die
            assertThat(server.isAlive()).isTrue();
            for (Socket socket : held) {
                socket.close();
            }
            held.clear();
            long freed = System.nanoTime();
            assertThat(awaitVersion(port, 15_000)).as("API answers again after descriptors are freed: %s", output).isTrue();
            System.out.println("API answered again " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - freed)
                    + " ms after descriptors were freed; log lines about it: "
                    + output.stream().filter(l -> l.contains("cannot accept")).count());
            assertThat(output.stream().filter(l -> l.contains("cannot accept")).count()).isLessThanOrEqualTo(3);
            assertThat(output).noneMatch(l -> l.contains("Exception in thread"));
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Polls GET /version until it answers 200 or the time is up. */
    private static boolean awaitVersion(int port, long limitMs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMs);
        while (System.nanoTime() < deadline) {
            try {
                RawHttp.Exchange exchange = RawHttp.exchange(port, RawHttp.bytes("GET /version HTTP/1.1\r\n\r\n"), 1, 10_000);
                if (exchange.responses().size() == 1 && exchange.responses().get(0).status() == 200) {
                    return true;
                }
            } catch (Exception e) {
                // not up yet / still exhausted
            }
            Thread.sleep(100);
        }
        return false;
    }
}
