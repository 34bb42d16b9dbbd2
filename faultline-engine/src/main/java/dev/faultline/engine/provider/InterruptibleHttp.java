package dev.faultline.engine.provider;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Sends HTTP requests with the JDK client so that a thread interrupt aborts them at once (the
 * blocking {@code send} only notices an interrupt between steps): the request goes out with
 * {@code sendAsync}, the caller waits on the future, and an interrupt cancels the exchange.
 *
 * <p>Clients are shared per (TLS verification, connect timeout) pair. A client that does not
 * verify TLS trusts every certificate and skips hostname verification: its trust manager is an
 * {@link X509ExtendedTrustManager} that accepts everything, and the JDK only checks the hostname
 * inside such a manager, so no JVM-wide property is changed.
 */
final class InterruptibleHttp {
  private record ClientKey(boolean verifyTls, Optional<Duration> connectTimeout) {}

  private static final Map<ClientKey, HttpClient> CLIENTS = new ConcurrentHashMap<>();

  private InterruptibleHttp() {}

  /** The shared client for these settings; redirects are followed as Python requests does. */
  static HttpClient client(boolean verifyTls, Optional<Duration> connectTimeout) {
    return CLIENTS.computeIfAbsent(new ClientKey(verifyTls, connectTimeout), key -> {
      HttpClient.Builder builder = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.ALWAYS);
      key.connectTimeout().ifPresent(builder::connectTimeout);
      if (!key.verifyTls()) {
        builder.sslContext(trustAll());
      }
      return builder.build();
    });
  }

  /**
   * Sends {@code request} and waits for the response.
   *
   * @param deadline the longest wait for the whole exchange; empty waits as long as it takes
   * @throws IOException what the client raised (connection refused, TLS failure, request timeout)
   * @throws TimeoutException when {@code deadline} passed; the exchange is cancelled
   * @throws InterruptedException when the thread was interrupted; the exchange is cancelled
   */
  static <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler,
      Optional<Duration> deadline) throws IOException, InterruptedException, TimeoutException {
    CompletableFuture<HttpResponse<T>> future = client.sendAsync(request, handler);
    try {
      return deadline.isPresent() ? future.get(deadline.get().toNanos(), TimeUnit.NANOSECONDS) : future.get();
    } catch (InterruptedException | TimeoutException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(cause == null ? "request failed" : cause.toString(), cause);
    }
  }

  /** The first message along the cause chain, for "failed to connect to …: <reason>". */
  static String reason(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return error.getClass().getSimpleName();
  }

  /**
   * Why a connection could not be made. The JDK 17 client drops the system's reason ("Connection
   * refused") from its {@link ConnectException}; one plain connection attempt finds it again.
   */
  static String connectFailure(URI uri, ConnectException e, Optional<Duration> connectTimeout)
      throws InterruptedException {
    if (e.getMessage() != null && !e.getMessage().isBlank()) {
      return e.getMessage();
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException) {
        return "unknown host " + uri.getHost();
      }
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    return TcpConnect.attempt(uri.getHost(), port, connectTimeout.orElse(Duration.ofSeconds(3)))
        .orElse("the connection failed, then a second attempt succeeded");
  }

  private static SSLContext trustAll() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustEverything()}, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM has no TLS implementation", e);
    }
  }

  /** Accepts every certificate for every host: what {@code verify_tls: false} asks for. */
  private static final class TrustEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
