package dev.faultline.engine.fault.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.testkit.FaultContractTest;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProxyCreateFaultTest extends FaultContractTest {
  static ToxiproxyFixture proxy;

  @BeforeAll
  static void startProxy() throws Exception {
    proxy = ToxiproxyFixture.start();
  }

  @AfterAll
  static void stopProxy() throws Exception {
    proxy.close();
  }

  @BeforeEach
  void noProxies() throws Exception {
    proxy.freshEchoProxy("other");
  }

  @Override
  protected Fault newFault() throws Exception {
    return new ProxyCreateFaultType().create(new FaultArguments("proxy-create", Map.of(
        "proxy", "created", "listen", "127.0.0.1:0", "upstream", proxy.echoAddress(), "apiUrl", proxy.apiUrl())));
  }

  @Override
  protected boolean faultIsInEffect() throws Exception {
    Optional<ToxiproxyProxy> created = proxy.client().findProxy("created");
    if (created.isPresent()) {
      Traffic.Outcome outcome = Traffic.echo(created.get().listenPort(), "hi".getBytes(), Duration.ofSeconds(3));
      assertThat(outcome.end()).as("echo through the created proxy: %s", outcome).isEqualTo(Traffic.End.COMPLETE);
    }
    return created.isPresent();
  }

  @Test
  void neverDeletesAProxyItDidNotCreate() throws Exception {
    proxy.client().createProxy("created", "127.0.0.1:0", proxy.echoAddress(), true);
    Fault fault = newFault();
    assertThatThrownBy(fault::apply).isInstanceOf(FaultException.class)
        .hasMessage("could not create proxy 'created': POST " + proxy.apiUrl()
            + "/proxies: Toxiproxy answered 409: proxy already exists; proxy-create only removes proxies it created,"
            + " so choose another name or delete the existing proxy first");
    fault.recover();
    assertThat(proxy.client().findProxy("created")).isPresent();
  }

  @Test
  void aCreateWhoseAnswerIsLostIsStillDeletedOnRecovery() throws Exception {
    HttpServer front = frontThatLosesTheCreateAnswer();
    try {
      Fault fault = new ProxyCreateFault(clientOf(front), "created", "127.0.0.1:0", proxy.echoAddress());
      fault.apply();
      assertThat(faultIsInEffect()).isTrue();
      fault.recover();
      assertThat(proxy.client().findProxy("created")).isEmpty();
    } finally {
      front.stop(0);
    }
  }

  @Test
  void aLostAnswerNeverAdoptsAProxyThatExistedBefore() throws Exception {
    proxy.client().createProxy("created", "127.0.0.1:0", proxy.echoAddress(), true);
    HttpServer front = frontThatLosesTheCreateAnswer();
    try {
      Fault fault = new ProxyCreateFault(clientOf(front), "created", "127.0.0.1:0", proxy.echoAddress());
      assertThatThrownBy(fault::apply).isInstanceOf(FaultException.class)
          .hasMessageStartingWith("could not create proxy 'created': POST ");
      fault.recover();
      assertThat(proxy.client().findProxy("created")).isPresent();
    } finally {
      front.stop(0);
    }
  }

  private static ToxiproxyClient clientOf(HttpServer front) {
    return new ToxiproxyClient("http://127.0.0.1:" + front.getAddress().getPort(), Optional.empty());
  }

  /** Passes every request on to Toxiproxy, but drops the connection instead of answering a POST. */
  private static HttpServer frontThatLosesTheCreateAnswer() throws Exception {
    HttpServer front = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    HttpClient http = HttpClient.newHttpClient();
    front.createContext("/", exchange -> {
      try (exchange) {
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(proxy.apiUrl() + exchange.getRequestURI()))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
        HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (exchange.getRequestMethod().equals("POST")) {
          // Toxiproxy handled it; the answer never reaches the fault (the connection drops).
          throw new IllegalStateException("drop the connection without an answer");
        }
        exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
        exchange.getResponseBody().write(answer.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    front.start();
    return front;
  }

  @Test
  void describesWhatItCreatedAndWhatItsRecoveryDeleted() throws Exception {
    Fault fault = newFault();
    assertThat(fault.describe()).isEqualTo("created proxy 'created' listening on 127.0.0.1:0, forwarding to "
        + proxy.echoAddress() + ", at " + proxy.apiUrl());
    assertThat(fault.describeRecovery()).isEqualTo("deleted proxy 'created' (listening on 127.0.0.1:0, forwarding to "
        + proxy.echoAddress() + ") at " + proxy.apiUrl());
  }

  @Test
  void reportsBadAddressesTogether() {
    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("proxy", "x");
    bad.put("listen", "127.0.0.1");
    bad.put("upstream", "db:70000");
    assertThatThrownBy(() -> new ProxyCreateFaultType().create(new FaultArguments("proxy-create", bad)))
        .isInstanceOf(InvalidFaultArgumentsException.class)
        .hasMessage("invalid arguments for fault 'proxy-create': "
            + "listen: '127.0.0.1' is not host:port with a port from 0 to 65535, e.g. 127.0.0.1:26379; "
            + "upstream: 'db:70000' is not host:port with a port from 0 to 65535, e.g. 127.0.0.1:6379");
  }
}
