package dev.faultline.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Issue 9 item 5: the API answers hostile HTTP with JSON errors and frees idle sockets. */
class ApiHardeningTest extends ProxyTestBase {

    private RawHttp.Exchange raw(String request) throws Exception {
        return RawHttp.exchange(server.apiPort(), RawHttp.bytes(request), 1, 10_000);
    }

    private static void assertJsonError(RawHttp.Exchange exchange, int status, String message) {
        assertThat(exchange.problem()).isNull();
        assertThat(exchange.responses()).hasSize(1);
        RawHttp.Response response = exchange.responses().get(0);
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.body()).isEqualTo("{\"error\":\"" + message + "\",\"status\":" + status + "}\n");
    }

    @Test
    void aBadPercentEscapeIs400() throws Exception {
        assertJsonError(raw("GET /proxies/%zz HTTP/1.1\r\nHost: x\r\n\r\n"), 400,
                "invalid percent-escape in path /proxies/%zz: each % must be followed by two hex digits (write %25 for a literal %)");
        assertJsonError(raw("DELETE /proxies/a%/toxics/b HTTP/1.1\r\nHost: x\r\n\r\n"), 400,
                "invalid percent-escape in path /proxies/a%/toxics/b: each % must be followed by two hex digits (write %25 for a literal %)");
    }

    @Test
    void malformedHttpGetsJsonErrorsNotADroppedConnection() throws Exception {
        RawHttp.Exchange garbage = raw("GARBAGE\r\n\r\n");
        assertThat(garbage.responses()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).startsWith("{\"error\":\"malformed HTTP request: ");
        });
        assertJsonError(raw("GET /" + "a".repeat(9000) + " HTTP/1.1\r\n\r\n"), 414, "request line too long: the limit is 8192 bytes");
        assertJsonError(raw("GET /version HTTP/1.1\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n"), 431,
                "request headers too large: the limit is 16384 bytes");
        assertJsonError(raw("POST /proxies HTTP/1.1\r\nContent-Length: 5000000\r\n\r\n{"), 413,
                "request body too large: the limit is 4194304 bytes");
        assertJsonError(raw("GET /version HTTP/9.9\r\n\r\n"), 505,
                "HTTP version not supported: HTTP/9.9 (expected HTTP/1.1 or HTTP/1.0)");
        assertThat(call("GET", "/version", null).statusCode()).isEqualTo(200);
    }

    @Test
    void metricsAnswers405ToOtherMethods() throws Exception {
        for (String method : new String[] {"POST", "DELETE", "PUT", "PATCH"}) {
            assertThat(call(method, "/metrics", "").statusCode()).as(method).isEqualTo(405);
        }
        assertThat(call("GET", "/metrics", null).statusCode()).isEqualTo(200);
    }

    @Test
    void namesAreLimitedSoEveryProxyAndToxicCanBeDeleted() throws Exception {
        String longest = "ü".repeat(ProxyRegistry.MAX_NAME_BYTES / 2); // 1000 bytes, 3000 characters escaped
        String tooLong = longest + "x";
        var refused = call("POST", "/proxies",
                "{\"name\":\"" + tooLong + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("invalid proxy name: 1001 bytes long (expected at most 1000 bytes in UTF-8");
        var populate = call("POST", "/populate",
                "[{\"name\":\"" + tooLong + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"}]");
        assertThat(populate.statusCode()).isEqualTo(400);

        assertThat(call("POST", "/proxies",
                "{\"name\":\"" + longest + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"}").statusCode())
                .isEqualTo(201);
        String proxyPath = "/proxies/" + URLEncoder.encode(longest, StandardCharsets.UTF_8);
        assertThat(call("POST", proxyPath + "/toxics", "{\"name\":\"" + tooLong + "\",\"type\":\"latency\"}").statusCode())
                .isEqualTo(400);
        assertThat(call("POST", proxyPath + "/toxics", "{\"name\":\"" + longest + "\",\"type\":\"latency\"}",
                new String[] {LeaseTerms.LEASE_HEADER, "60000"}).statusCode()).isEqualTo(200);
        String toxicPath = proxyPath + "/toxics/" + URLEncoder.encode(longest, StandardCharsets.UTF_8);
        assertThat(call("POST", toxicPath + "/lease", null).statusCode()).isEqualTo(200);
        assertThat(call("DELETE", toxicPath, null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", proxyPath, null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/proxies", null).body()).isEqualTo("{}");
    }

    @Test
    void idleAndHalfSentApiConnectionsAreClosed() throws Exception {
        try (ProxyServer shortIdle = ProxyServer.start(ProxyServerOptions.defaults().withPort(0).withApiIdleTimeoutMs(300))) {
            for (String sent : new String[] {"", "GET /version HTTP/1.1\r\nHo", "GET /version HTTP/1.1\r\n\r\n"}) {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), shortIdle.apiPort())) {
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write(RawHttp.bytes(sent));
                    InputStream in = socket.getInputStream();
                    long start = System.nanoTime();
                    RawHttp.Exchange exchange = RawHttp.read(in, sent.endsWith("\r\n\r\n") ? 1 : 0, 10_000);
                    assertThat(exchange.problem()).isNull();
                    // Then nothing more is sent: the server closes (read -1), well before our 10 s timeout.
                    assertThat(in.read()).as("after sending %s", sent.replace("\r\n", "\\r\\n")).isEqualTo(-1);
                    System.out.println("idle API connection (" + sent.length() + " bytes sent) closed after "
                            + (System.nanoTime() - start) / 1_000_000 + " ms (timeout 300 ms)");
                }
            }
            // Still serving.
            assertThat(RawHttp.exchange(shortIdle.apiPort(), RawHttp.bytes("GET /version HTTP/1.1\r\n\r\n"), 1, 10_000)
                    .responses()).singleElement().extracting(RawHttp.Response::status).isEqualTo(200);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        echoProxy("p");
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            requests.append(i % 2 == 0 ? "GET /proxies/p HTTP/1.1\r\n\r\n" : "GET /proxies/nope HTTP/1.1\r\n\r\n");
        }
        RawHttp.Exchange exchange = RawHttp.exchange(server.apiPort(), RawHttp.bytes(requests.toString()), 20, 10_000);
        assertThat(exchange.problem()).isNull();
        for (int i = 0; i < 20; i++) {
            assertThat(exchange.responses().get(i).status()).as("answer %d", i).isEqualTo(i % 2 == 0 ? 200 : 404);
        }
    }
}
