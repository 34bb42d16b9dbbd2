package dev.faultline.engine.fault.toxiproxy;

import dev.faultline.proxy.ProxyServer;
import dev.faultline.proxy.ProxyServerOptions;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A real Toxiproxy-compatible server (Faultline's proxy, API on an ephemeral loopback port) with
 * an echo server behind it, for tests that drive the API over HTTP as users do.
 */
public final class ToxiproxyFixture implements AutoCloseable {
  private final ProxyServer server;
  private final EchoServer echo;
  private final ToxiproxyClient client;

  private ToxiproxyFixture(ProxyServer server, EchoServer echo) {
    this.server = server;
    this.echo = echo;
    this.client = new ToxiproxyClient(apiUrl(), Optional.empty());
  }

  public static ToxiproxyFixture start() throws IOException {
    ProxyServer server = ProxyServer.start(ProxyServerOptions.defaults().withPort(0).withAuditSink(line -> {}));
    return new ToxiproxyFixture(server, EchoServer.start());
  }

  /** {@code http://127.0.0.1:<api port>}. */
  public String apiUrl() {
    return "http://127.0.0.1:" + server.apiPort();
  }

  public int apiPort() {
    return server.apiPort();
  }

  public ToxiproxyClient client() {
    return client;
  }

  /** {@code 127.0.0.1:<port>} of the echo server. */
  public String echoAddress() {
    return echo.address();
  }

  /** Removes every proxy, then creates {@code name} on an ephemeral port in front of the echo server. */
  public ToxiproxyProxy freshEchoProxy(String name) throws Exception {
    for (String existing : client.proxies().keySet()) {
      client.deleteProxy(existing);
    }
    return client.createProxy(name, "127.0.0.1:0", echo.address(), true);
  }

  /** The port {@code proxy} listens on. */
  public int port(String proxy) throws Exception {
    return client.findProxy(proxy).orElseThrow().listenPort();
  }

  /** The toxics the API lists for {@code proxy}. */
  public List<ToxiproxyToxic> toxics(String proxy) throws Exception {
    return client.toxics(proxy);
  }

  @Override
  public void close() throws IOException {
    server.close();
    echo.close();
  }
}
