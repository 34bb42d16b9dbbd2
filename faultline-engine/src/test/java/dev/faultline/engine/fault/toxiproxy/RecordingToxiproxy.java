package dev.faultline.engine.fault.toxiproxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server standing in for a Toxiproxy API: it records every request with its
 * Faultline headers and answers each {@code METHOD path} as the test set it, else 404 with a
 * plain-text body, as a stock Toxiproxy answers routes it does not know.
 */
public final class RecordingToxiproxy implements AutoCloseable {
  /** One request: method, raw path, and the lease headers it carried (absent ones are not in the map). */
  public record Request(String method, String path, Map<String, String> leaseHeaders) {
    public String line() {
      return method + " " + path;
    }
  }

  private record Reply(int status, String body) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();

  private RecordingToxiproxy(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.start();
  }

  public static RecordingToxiproxy start() throws IOException {
    return new RecordingToxiproxy(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers {@code METHOD path} with {@code status} and {@code body} from now on. */
  public RecordingToxiproxy answer(String methodAndPath, int status, String body) {
    replies.put(methodAndPath, new Reply(status, body));
    return this;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The requests whose {@code METHOD path} is {@code line}. */
  public List<Request> requests(String line) {
    return requests.stream().filter(r -> r.line().equals(line)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    Map<String, String> lease = new java.util.TreeMap<>();
    for (String header : List.of(ToxiproxyLease.LEASE_HEADER, ToxiproxyLease.EXPIRES_HEADER)) {
      String value = exchange.getRequestHeaders().getFirst(header);
      if (value != null) {
        lease.put(header, value);
      }
    }
    Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), lease);
    requests.add(request);
    Reply reply = replies.getOrDefault(request.line(), new Reply(404, "404 page not found\n"));
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", reply.body().startsWith("{") || reply.body().startsWith("[")
        ? "application/json" : "text/plain");
    exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
