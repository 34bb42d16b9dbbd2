package dev.faultline.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faultline-only features: metrics, API token, config file. */
class ExtensionsTest extends ProxyTestBase {

    @Test
    void metricsCountConnectionsBytesAndToxicActivations() throws Exception {
        Proxy proxy = echoProxy("m");
        proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 1);
        try (Socket socket = connect(proxy)) {
            socket.getOutputStream().write("12345".getBytes());
            readFully(socket.getInputStream(), 5);
            String metrics = call("GET", "/metrics", null).body();
            assertThat(metrics).contains(
                    "faultline_proxy_connections_active{proxy=\"m\"} 1",
                    "faultline_proxy_connections_total{proxy=\"m\"} 1",
                    "faultline_proxy_received_bytes_total{proxy=\"m\",direction=\"upstream\"} 5",
                    "faultline_proxy_sent_bytes_total{proxy=\"m\",direction=\"downstream\"} 5",
                    "faultline_proxy_toxic_activations_total{proxy=\"m\",toxic=\"lat\",type=\"latency\",direction=\"downstream\"} 1");
        }
    }

    @Test
    void tokenIsRequiredWhenConfigured() throws Exception {
        try (ProxyServer secured = ProxyServer.start(ProxyServerOptions.defaults().withPort(0).withApiToken("s3cret"))) {
            HttpClient http = HttpClient.newHttpClient();
            URI version = URI.create("http://127.0.0.1:" + secured.apiPort() + "/version");
            HttpResponse<String> denied = http.send(HttpRequest.newBuilder(version).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(denied.statusCode()).isEqualTo(401);
            assertThat(denied.body()).isEqualTo("{\"error\":\"missing or invalid API token: send it as X-Faultline-Token"
                    + " or Authorization: Bearer\",\"status\":401}\n");
            HttpResponse<String> header = http.send(HttpRequest.newBuilder(version).header("X-Faultline-Token", "s3cret").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(header.statusCode()).isEqualTo(200);
            HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(version).header("Authorization", "Bearer s3cret").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bearer.statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> new ToxiproxyClient("127.0.0.1", secured.apiPort()).getProxies())
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void configFileProxiesExistAtStart(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("proxies.json");
        Files.writeString(config, "[{\"name\":\"from-file\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"}]");
        try (ProxyServer configured = ProxyServer.start(ProxyServerOptions.defaults().withPort(0).withConfigFile(config))) {
            Proxy proxy = new ToxiproxyClient("127.0.0.1", configured.apiPort()).getProxy("from-file");
            try (Socket socket = connect(proxy)) {
                socket.getOutputStream().write(9);
                assertThat(socket.getInputStream().read()).isEqualTo(9);
            }
        }
    }

    @Test
    void aBrokenConfigFileFailsTheStartWithTheReason(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.json");
        Files.writeString(config, "[{\"listen\":\"127.0.0.1:0\"}]");
        assertThatThrownBy(() -> ProxyServer.start(ProxyServerOptions.defaults().withPort(0).withConfigFile(config)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("missing required field: name at proxy 1");
    }
}
