package dev.faultline.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 4: a host name that takes long to resolve must not stall other proxies' traffic.
 * The resolver is ours: "slow.test" answers only when the test says so.
 */
class AsyncResolutionTest extends ProxyTestBase {

    private final CountDownLatch slowAsked = new CountDownLatch(1);
    private final CountDownLatch slowAnswer = new CountDownLatch(1);

    private CompletableFuture<InetAddress> resolve(String host) {
        return switch (host) {
            case "fast.test" -> CompletableFuture.completedFuture(InetAddress.getLoopbackAddress());
            case "slow.test" -> CompletableFuture.supplyAsync(() -> {
                slowAsked.countDown();
                try {
                    slowAnswer.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return InetAddress.getLoopbackAddress();
            });
            default -> CompletableFuture.failedFuture(new UnknownHostException(host));
        };
    }

    private static void assertEcho(Socket socket, int value) throws Exception {
        socket.getOutputStream().write(value);
        assertThat(socket.getInputStream().read()).isEqualTo(value);
    }

    @Test
    void aSlowLookupDoesNotStallOtherConnectionsOnTheSameEventLoop() throws Exception {
        // One data event loop: every connection below shares it, so a blocking lookup would stall them all.
        try (ProxyServer dns = ProxyServer.start(ProxyServerOptions.defaults().withPort(0).withDataThreads(1)
                .withResolver(this::resolve))) {
            ToxiproxyClient api = new ToxiproxyClient("127.0.0.1", dns.apiPort());
            Proxy slow = api.createProxy("slow", "127.0.0.1:0", "slow.test:" + echo.port());
            Proxy fast = api.createProxy("fast", "fast.test:0", "fast.test:" + echo.port());
            Proxy literal = api.createProxy("literal", "127.0.0.1:0", echo.address());
            Proxy unknown = api.createProxy("unknown", "127.0.0.1:0", "nowhere.test:" + echo.port());
            assertThat(fast.getListen()).startsWith("127.0.0.1:");
            try (Socket waiting = connect(slow)) {
                waiting.getOutputStream().write(1);
                assertThat(slowAsked.await(10, TimeUnit.SECONDS)).isTrue();
                try (Socket other = connect(fast); Socket third = connect(literal)) {
                    for (int i = 0; i < 5; i++) {
                        assertEcho(other, i);
                        assertEcho(third, i);
                    }
                }
                assertThat(slowAnswer.getCount()).as("the slow lookup was still unanswered meanwhile").isEqualTo(1);
                slowAnswer.countDown();
                assertThat(waiting.getInputStream().read()).isEqualTo(1);
            }
            try (Socket nowhere = connect(unknown)) {
                // An upstream that does not resolve: accept, then EOF, as for an unreachable one.
                assertThat(nowhere.getInputStream().read()).isEqualTo(-1);
            }
        } finally {
            slowAnswer.countDown();
        }
    }

    @Test
    void anUnknownListenHostIsA500WithGosWording() throws Exception {
        try (ProxyServer dns = ProxyServer.start(ProxyServerOptions.defaults().withPort(0).withResolver(this::resolve))) {
            var http = java.net.http.HttpClient.newHttpClient();
            var response = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + dns.apiPort() + "/proxies"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"x\",\"listen\":\"nowhere.test:0\",\"upstream\":\"" + echo.address() + "\"}"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("{\"error\":\"listen tcp: lookup nowhere.test: no such host\",\"status\":500}\n");
        }
    }
}
