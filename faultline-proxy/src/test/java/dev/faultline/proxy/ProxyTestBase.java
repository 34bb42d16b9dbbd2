package dev.faultline.proxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Starts a proxy server, an echo server and the real Toxiproxy Java client, all on loopback. */
abstract class ProxyTestBase {

    protected ProxyServer server;
    protected EchoServer echo;
    protected ToxiproxyClient client;
    protected final List<String> auditLines = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startServers() throws IOException {
        server = ProxyServer.start(ProxyServerOptions.defaults().withPort(0).withAuditSink(auditLines::add));
        echo = new EchoServer();
        client = new ToxiproxyClient("127.0.0.1", server.apiPort());
    }

    @AfterEach
    void stopServers() throws IOException {
        server.close();
        echo.close();
    }

    /** A proxy named {@code name} to the echo server on an ephemeral loopback port. */
    protected Proxy echoProxy(String name) throws IOException {
        return client.createProxy(name, "127.0.0.1:0", echo.address());
    }

    protected static Socket connect(Proxy proxy) throws IOException {
        String listen = proxy.getListen();
        int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Reads exactly {@code n} bytes or fails. */
    protected static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] data = in.readNBytes(n);
        if (data.length != n) {
            throw new IOException("expected " + n + " bytes, got " + data.length);
        }
        return data;
    }

    protected static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    protected HttpResponse<String> call(String method, String path, String body) throws Exception {
        return call(method, path, body, null);
    }

    protected HttpResponse<String> call(String method, String path, String body, String[] headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.apiPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers != null) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
