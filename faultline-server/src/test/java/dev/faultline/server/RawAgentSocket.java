package dev.faultline.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A bare WebSocket to the agent endpoint that sends whatever a test says, recording what comes back. */
final class RawAgentSocket implements WebSocket.Listener, AutoCloseable {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final List<String> received = new CopyOnWriteArrayList<>();
  final CompletableFuture<String> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket ws;

  static RawAgentSocket open(URI base, String token) throws Exception {
    RawAgentSocket s = new RawAgentSocket();
    WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    s.ws = b.buildAsync(URI.create(base.toString().replaceFirst("^http", "ws") + "/api/v1/agents/connect"), s)
        .get(10, TimeUnit.SECONDS);
    return s;
  }

  void send(String text) {
    try {
      ws.sendText(text, true).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // The server may have closed already; the close code says why.
    }
  }

  /** {@code code reason}, waiting at most 10 s; "open" if the server kept the connection. */
  String awaitClose() {
    try {
      return closed.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return "open";
    }
  }

  /** Waits up to {@code ms} for the close; "open" if the server kept the connection. */
  String closeWithin(long ms) {
    try {
      return closed.get(ms, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      return "open";
    }
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      received.add(partial.toString());
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode + " " + reason);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete("error " + error);
  }

  @Override
  public void close() {
    if (ws != null) {
      ws.abort();
    }
  }
}
