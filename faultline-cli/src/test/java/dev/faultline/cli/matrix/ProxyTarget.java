package dev.faultline.cli.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.proxy.ProxyServer;
import dev.faultline.proxy.ProxyServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real fault proxy in the test JVM, started from a config file (so it can be restarted to the
 * same proxies), with a TCP echo server as every proxy's upstream and an HTTP client for its
 * Toxiproxy API. One proxy per fault, so faults applied by the same run never share a proxy.
 */
final class ProxyTarget implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RESTART_BIND_LIMIT = Duration.ofSeconds(10);

  private final ServerSocket echo;
  private final Path config;
  private final int apiPort;
  private final Map<String, Integer> listenPorts = new LinkedHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private volatile ProxyServer server;

  ProxyTarget(Path dir, List<String> proxyNames) throws IOException {
    echo = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::serveEcho, "matrix-echo");
    acceptor.setDaemon(true);
    acceptor.start();
    apiPort = freePort();
    List<Map<String, Object>> entries = new ArrayList<>();
    for (String name : proxyNames) {
      int port = freePort();
      listenPorts.put(name, port);
      entries.add(Map.of("name", name, "listen", "127.0.0.1:" + port, "upstream", upstream(), "enabled", true));
    }
    config = dir.resolve("proxies.json");
    Files.writeString(config, JSON.writeValueAsString(entries));
    server = ProxyServer.start(options());
  }

  String apiUrl() {
    return "http://127.0.0.1:" + apiPort;
  }

  String upstream() {
    return "127.0.0.1:" + echo.getLocalPort();
  }

  /** Whether {@code proxy} has at least one toxic, as its API lists them. */
  boolean hasToxics(String proxy) throws IOException, InterruptedException {
    JsonNode toxics = get("/proxies/" + proxy + "/toxics");
    return toxics != null && toxics.size() > 0;
  }

  /** Whether {@code proxy} exists and is disabled. */
  boolean isDisabled(String proxy) throws IOException, InterruptedException {
    JsonNode p = get("/proxies/" + proxy);
    return p != null && !p.path("enabled").asBoolean(true);
  }

  boolean exists(String proxy) throws IOException, InterruptedException {
    return get("/proxies/" + proxy) != null;
  }

  /**
   * A real round trip through {@code proxy} to the echo upstream, in milliseconds (at most a few
   * seconds; a refused or cut connection counts as the limit).
   */
  long roundTripMs(String proxy) {
    long start = System.nanoTime();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", listenPorts.get(proxy)), 2000);
      s.setSoTimeout(3000);
      s.getOutputStream().write('x');
      s.getOutputStream().flush();
      if (s.getInputStream().read() < 0) {
        return 3000;
      }
    } catch (IOException e) {
      return 3000;
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** Stops the proxy and starts it again from its config file on the same ports. */
  void restart() throws IOException, InterruptedException {
    server.close();
    long deadline = System.nanoTime() + RESTART_BIND_LIMIT.toNanos();
    while (true) {
      try {
        server = ProxyServer.start(options());
        return;
      } catch (IOException e) {
        // The old sockets may take a moment to release their ports.
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  /** Removes every toxic, enables every proxy and deletes {@code created} if it exists. */
  void resetAndDelete(String created) {
    try {
      send(HttpRequest.newBuilder(URI.create(apiUrl() + "/reset")).POST(HttpRequest.BodyPublishers.noBody()));
      send(HttpRequest.newBuilder(URI.create(apiUrl() + "/proxies/" + created)).DELETE());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("could not reset the proxy at " + apiUrl() + ": " + e.getMessage(), e);
    }
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(apiUrl() + path)).GET());
    if (r.statusCode() == 404) {
      return null;
    }
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private ProxyServerOptions options() {
    return ProxyServerOptions.defaults().withPort(apiPort).withConfigFile(config);
  }

  private void serveEcho() {
    while (!echo.isClosed()) {
      try {
        Socket s = echo.accept();
        Thread t = new Thread(() -> echoOne(s), "matrix-echo-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void echoOne(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      s.setSoTimeout(10_000);
      byte[] buffer = new byte[4096];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException ignored) {
      // the proxy cut the connection (a toxic) or the test ended
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    echo.close();
  }
}
