package dev.faultline.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 (ephemeral port) for the experiments' http probes:
 * <ul>
 *   <li>{@code /health}: 200, body {@code ok};</li>
 *   <li>{@code /slow}: answers only when the server stops (at most 10 s), to make probes time out;</li>
 *   <li>{@code /record}: 200, and keeps the request body (see {@link #recordedBodies()}).</li>
 * </ul>
 */
final class LoopbackHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final List<String> recordedBodies = new CopyOnWriteArrayList<>();

  private LoopbackHttpServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/health", exchange -> respond(exchange, 200, "ok"));
    server.createContext("/slow", exchange -> {
      try {
        stopping.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      respond(exchange, 200, "late");
    });
    server.createContext("/record", exchange -> {
      recordedBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      respond(exchange, 200, "recorded");
    });
    server.setExecutor(executor);
    server.start();
  }

  static LoopbackHttpServer start() {
    return new LoopbackHttpServer();
  }

  /** {@code http://127.0.0.1:PORT} + {@code path}. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Bodies received on {@code /record}, in order. */
  List<String> recordedBodies() {
    return List.copyOf(recordedBodies);
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    } catch (IOException clientGone) {
      // A probe that timed out has closed its side; nothing to answer.
    }
  }

  @Override
  public void close() {
    stopping.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
