package dev.faultline.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Issue 9 item 4: end of stream, early half-close and huge jitter on the data path. */
class DataPathHardeningTest extends ProxyTestBase {

    /** A loopback server that hands each accepted socket to {@code handler} on its own thread. */
    private static final class TestServer implements AutoCloseable {
        final ServerSocket socket;

        TestServer(Consumer<Socket> handler) throws Exception {
            socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket accepted = socket.accept();
                        Thread worker = new Thread(() -> handler.accept(accepted), "test-server-conn");
                        worker.setDaemon(true);
                        worker.start();
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "test-server-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String address() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    /** Reads a socket to EOF (10 s bound) and keeps what came, keyed by the first line. */
    private static Consumer<Socket> collector(ConcurrentHashMap<String, String> received, CountDownLatch eofs) {
        return accepted -> {
            try (accepted) {
                accepted.setSoTimeout(10_000);
                String text = new String(accepted.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                received.put(text.isEmpty() ? "<empty>" : text.substring(0, text.indexOf('\n') + 1), text);
                eofs.countDown();
            } catch (Exception e) {
                // counted as missing by the test
            }
        };
    }

    @Test
    void dataWrittenAndHalfClosedRightAfterConnectingIsDelivered() throws Exception {
        int connections = 50;
        ConcurrentHashMap<String, String> received = new ConcurrentHashMap<>();
        CountDownLatch eofs = new CountDownLatch(connections);
        try (TestServer upstream = new TestServer(collector(received, eofs))) {
            Proxy proxy = client.createProxy("early", "127.0.0.1:0", upstream.address());
            List<Socket> sockets = new ArrayList<>();
            List<String> sent = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    Socket socket = connect(proxy);
                    sockets.add(socket);
                    String payload = "request " + i + "\n" + "x".repeat(1000 + i * 37) + "\nend\n";
                    sent.add(payload);
                    OutputStream out = socket.getOutputStream();
                    out.write(payload.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    socket.shutdownOutput();
                }
                assertThat(eofs.await(20, TimeUnit.SECONDS)).as("upstream saw every end of stream").isTrue();
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
            for (String payload : sent) {
                String key = payload.substring(0, payload.indexOf('\n') + 1);
                assertThat(received.get(key)).as("bytes of %s", key.trim()).isEqualTo(payload);
            }
        }
    }

    @Test
    void aCloseFromTheClientPassesThroughLatencyToxicsInBothDirections() throws Exception {
        ConcurrentHashMap<String, String> received = new ConcurrentHashMap<>();
        CountDownLatch eof = new CountDownLatch(1);
        try (TestServer upstream = new TestServer(collector(received, eof))) {
            Proxy proxy = client.createProxy("closing", "127.0.0.1:0", upstream.address());
            proxy.toxics().latency("up", ToxicDirection.UPSTREAM, 50);
            proxy.toxics().latency("down", ToxicDirection.DOWNSTREAM, 50);
            try (Socket socket = connect(proxy)) {
                socket.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
                socket.shutdownOutput();
                assertThat(eof.await(10, TimeUnit.SECONDS)).as("upstream saw the client's end of stream").isTrue();
                assertThat(received).as("what upstream received").containsExactly(java.util.Map.entry("hello\n", "hello\n"));
                // The upstream socket closed, so the client is closed too (read -1, not a 10 s timeout).
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            }
        }
        assertNoConnectionLeft("closing");
    }

    @Test
    void aCloseFromTheServerPassesThroughLatencyToxicsInBothDirections() throws Exception {
        try (TestServer upstream = new TestServer(accepted -> {
            try (accepted) {
                accepted.getOutputStream().write("bye\n".getBytes(StandardCharsets.UTF_8));
            } catch (Exception e) {
                // the test fails on the client side
            }
        })) {
            Proxy proxy = client.createProxy("closing", "127.0.0.1:0", upstream.address());
            proxy.toxics().latency("up", ToxicDirection.UPSTREAM, 50);
            proxy.toxics().latency("down", ToxicDirection.DOWNSTREAM, 50);
            try (Socket socket = connect(proxy)) {
                InputStream in = socket.getInputStream();
                assertThat(new String(readFully(in, 4), StandardCharsets.UTF_8)).isEqualTo("bye\n");
                assertThat(in.read()).isEqualTo(-1);
            }
        }
        assertNoConnectionLeft("closing");
    }

    @Test
    void theLargestJitterAcceptedKeepsConnectionsAlive() throws Exception {
        Proxy proxy = echoProxy("jitter");
        HttpResponseCheck.status(call("POST", "/proxies/jitter/toxics",
                "{\"type\":\"latency\",\"attributes\":{\"latency\":0,\"jitter\":2305843009213}}"), 200);
        HttpResponseCheck.status(call("POST", "/proxies/jitter/toxics",
                "{\"type\":\"latency\",\"stream\":\"upstream\",\"attributes\":{\"latency\":2305843009213,\"jitter\":2305843009213}}"), 200);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                Socket socket = connect(proxy);
                socket.getOutputStream().write(1);
                sockets.add(socket);
            }
            // Before the fix the jitter draw threw and every connection was dropped at its first byte:
            // all ten must come up (a loaded machine may take a while) and still be up a moment later.
            String allUp = "faultline_proxy_connections_active{proxy=\"jitter\"} 10";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!call("GET", "/metrics", null).body().contains(allUp) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
            assertThat(call("GET", "/metrics", null).body()).contains(allUp);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private void assertNoConnectionLeft(String proxy) throws Exception {
        String expected = "faultline_proxy_connections_active{proxy=\"" + proxy + "\"} 0";
        for (int i = 0; i < 100 && !call("GET", "/metrics", null).body().contains(expected); i++) {
            Thread.sleep(50);
        }
        assertThat(call("GET", "/metrics", null).body()).contains(expected);
    }

    /** Tiny helper so a failed setup call shows its body. */
    private static final class HttpResponseCheck {
        static void status(java.net.http.HttpResponse<String> response, int status) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        }
    }
}
