package dev.faultline.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Status codes, error bodies and headers for bad input, compared with Toxiproxy v2.12.0. */
class ApiErrorsTest extends ProxyTestBase {

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).isEqualTo("{\"error\":\"" + message + "\",\"status\":" + status + "}\n");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void malformedJson() throws Exception {
        assertError(call("POST", "/proxies", "{\"name\":"), 400, "bad request body: unexpected EOF");
        assertError(call("POST", "/proxies", ""), 400, "bad request body: EOF");
        assertError(call("POST", "/proxies", "nope"), 400,
                "bad request body: invalid character 'n' looking for beginning of value");
    }

    @Test
    void missingFieldsAndConflicts() throws Exception {
        assertError(call("POST", "/proxies", "{\"upstream\":\"127.0.0.1:1\"}"), 400, "missing required field: name");
        assertError(call("POST", "/proxies", "{\"name\":\"a\"}"), 400, "missing required field: upstream");
        echoProxy("a");
        assertError(call("POST", "/proxies", "{\"name\":\"a\",\"upstream\":\"127.0.0.1:1\"}"), 409, "proxy already exists");
        assertError(call("GET", "/proxies/zzz", null), 404, "proxy not found");
        assertError(call("GET", "/proxies/a/toxics/zzz", null), 404, "toxic not found");
        assertError(call("DELETE", "/proxies/a/toxics/zzz", null), 404, "toxic not found");
    }

    @Test
    void badToxics() throws Exception {
        echoProxy("p");
        assertError(call("POST", "/proxies/p/toxics", "{\"type\":\"gremlin\"}"), 400, "invalid toxic type");
        assertError(call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"stream\":\"sideways\"}"), 400,
                "stream was invalid, can be either upstream or downstream");
        assertError(call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":\"slow\"}}"), 400,
                "bad request body: json: cannot unmarshal string into Go struct field LatencyToxic.attributes.latency of type int64");
        assertError(call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":-5}}"), 400,
                "invalid attribute latency for toxic type latency: -5 (expected 0 to 2305843009213)");
        assertError(call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"attributes\":{\"jitter\":4600000000000}}"), 400,
                "invalid attribute jitter for toxic type latency: 4600000000000 (expected 0 to 2305843009213)");
        assertError(call("POST", "/proxies/p/toxics", "{\"type\":\"bandwidth\",\"attributes\":{\"rate\":-1}}"), 400,
                "invalid attribute rate for toxic type bandwidth: -1 (expected 0 to 9223372036854)");
        assertError(call("POST", "/proxies/p/toxics", "{\"type\":\"bandwidth\",\"attributes\":{\"rate\":1e300}}"), 400,
                "bad request body: json: cannot unmarshal number 1.0E300 into Go struct field BandwidthToxic.attributes.rate of type int64");
        assertError(call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"toxicity\":3}"), 400,
                "invalid toxicity: 3.0 (expected 0 to 1)");
        assertThat(call("GET", "/proxies/p/toxics", null).body()).isEqualTo("[]");
    }

    @Test
    void toxicDefaultsAndEchoedSpelling() throws Exception {
        echoProxy("p");
        HttpResponse<String> created = call("POST", "/proxies/p/toxics",
                "{\"type\":\"latency\",\"stream\":\"UpStream\",\"attributes\":{\"latency\":300}}");
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).isEqualTo("{\"attributes\":{\"latency\":300,\"jitter\":0},"
                + "\"name\":\"latency_UpStream\",\"type\":\"latency\",\"stream\":\"UpStream\",\"toxicity\":1}");
        HttpResponse<String> patched = call("PATCH", "/proxies/p/toxics/latency_UpStream",
                "{\"attributes\":{\"jitter\":10},\"toxicity\":0.25}");
        assertThat(patched.body()).contains("\"latency\":300,\"jitter\":10", "\"toxicity\":0.25");
        assertError(call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"name\":\"latency_UpStream\",\"stream\":\"downstream\"}"),
                409, "toxic already exists");
    }

    @Test
    void listenPortInUseIsA500AndNothingIsCreated() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String listen = "127.0.0.1:" + taken.getLocalPort();
            assertError(call("POST", "/proxies", "{\"name\":\"x\",\"listen\":\"" + listen + "\",\"upstream\":\"127.0.0.1:1\"}"),
                    500, "listen tcp " + listen + ": bind: address already in use");
        }
        assertThat(call("GET", "/proxies", null).body()).isEqualTo("{}");
    }

    @Test
    void unreachableUpstreamClosesTheClientAndOtherProxiesKeepServing() throws Exception {
        Proxy good = echoProxy("good");
        Proxy dead = client.createProxy("dead", "127.0.0.1:0", "127.0.0.1:" + freePort());
        try (Socket socket = connect(dead)) {
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        try (Socket socket = connect(good)) {
            socket.getOutputStream().write(42);
            assertThat(socket.getInputStream().read()).isEqualTo(42);
        }
    }

    @Test
    void routingErrorsAndBrowserBlock() throws Exception {
        HttpResponse<String> unknown = call("GET", "/nothing", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("404 page not found\n");
        HttpResponse<String> wrongMethod = call("GET", "/reset", null);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).isEmpty();
        HttpResponse<String> browser = call("GET", "/proxies", null, new String[] {"User-Agent", "Mozilla/5.0"});
        assertThat(browser.statusCode()).isEqualTo(403);
        assertThat(browser.body()).isEqualTo("User agent not allowed\n");
        HttpResponse<String> version = call("GET", "/version", null);
        assertThat(version.body()).isEqualTo("{\"version\": \"2.12.0\"}\n");
        assertThat(version.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
        assertThat(version.headers().firstValue("X-Toxiproxy-Request-Id")).isPresent();
    }

    @Test
    void populateCreatesKeepsAndReportsPartialFailures() throws Exception {
        String body = "[{\"name\":\"one\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"},"
                + "{\"name\":\"two\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\",\"enabled\":false}]";
        HttpResponse<String> created = call("POST", "/populate", body);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).startsWith("{\"proxies\":[{\"name\":\"one\"");
        assertThat(client.getProxy("two").isEnabled()).isFalse();
        assertThat(call("POST", "/populate", "[]").body()).isEqualTo("{\"proxies\":null}");

        HttpResponse<String> invalid = call("POST", "/populate", "[{\"name\":\"three\"}]");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).isEqualTo(
                "{\"error\":\"missing required field: upstream at proxy 1\",\"status\":400,\"proxies\":null}");
        assertThat(invalid.headers().firstValue("Content-Type")).hasValue("application/json");
    }
}
