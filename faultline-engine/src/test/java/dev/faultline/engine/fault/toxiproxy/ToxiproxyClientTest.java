package dev.faultline.engine.fault.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.proxy.ProxyServer;
import dev.faultline.proxy.ProxyServerOptions;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ToxiproxyClientTest {
  static ToxiproxyFixture proxy;

  @BeforeAll
  static void start() throws Exception {
    proxy = ToxiproxyFixture.start();
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
  }

  @Test
  void proxyAndToxicLifecycle() throws Exception {
    ToxiproxyClient client = proxy.client();
    proxy.freshEchoProxy("db:5432");
    assertThat(client.proxies()).containsOnlyKeys("db:5432");

    client.addToxic("db:5432", new ToxiproxyToxic("slow down", "latency", "upstream", 1, Map.of("latency", 10)));
    ToxiproxyToxic updated = client.updateToxic("db:5432", "slow down", Map.of("jitter", 3), OptionalDouble.of(0.25));
    assertThat(updated.attributes()).containsEntry("latency", 10).containsEntry("jitter", 3);
    assertThat(updated.toxicity()).isEqualTo(0.25);
    assertThat(client.findProxy("db:5432").orElseThrow().toxics()).containsExactly(updated);

    assertThat(client.disable("db:5432").enabled()).isFalse();
    client.reset();
    assertThat(client.findProxy("db:5432").orElseThrow().enabled()).isTrue();
    assertThat(client.toxics("db:5432")).isEmpty();

    assertThat(client.removeToxic("db:5432", "slow down")).isFalse();
    assertThat(client.deleteProxy("db:5432")).isTrue();
    assertThat(client.deleteProxy("db:5432")).isFalse();
    assertThat(client.findProxy("db:5432")).isEmpty();
  }

  @Test
  void errorsCarryTheMethodTheUrlAndToxiproxysText() throws Exception {
    proxy.freshEchoProxy("p");
    assertThatThrownBy(() -> proxy.client().addToxic("p", new ToxiproxyToxic("x", "melt", "downstream", 1, Map.of())))
        .isInstanceOf(ToxiproxyException.class)
        .hasMessage("POST " + proxy.apiUrl() + "/proxies/p/toxics: Toxiproxy answered 400: invalid toxic type")
        .satisfies(e -> assertThat(((ToxiproxyException) e).status()).isEqualTo(400));
  }

  @Test
  void sendsTheApiTokenOfFaultlinesProxy() throws Exception {
    try (ProxyServer guarded = ProxyServer.start(ProxyServerOptions.defaults().withPort(0).withApiToken("s3cret")
        .withAuditSink(line -> {}))) {
      String url = "http://127.0.0.1:" + guarded.apiPort();
      assertThatThrownBy(() -> new ToxiproxyClient(url, Optional.empty()).proxies())
          .hasMessage("GET " + url + "/proxies: Toxiproxy answered 401: missing or invalid API token: send it as"
              + " X-Faultline-Token or Authorization: Bearer");
      assertThat(new ToxiproxyClient(url, Optional.of("s3cret")).proxies()).isEmpty();
    }
  }

  @Test
  void namesBecomeOnePathSegment() {
    assertThat(ToxiproxyClient.segment("db:5432")).isEqualTo("db:5432");
    assertThat(ToxiproxyClient.segment("a b/c%é")).isEqualTo("a%20b%2Fc%25%C3%A9");
  }

  @Test
  void refusesAnApiUrlThatIsNotHttp() {
    assertThat(ToxiproxyClient.checkUrl("http://127.0.0.1:8474")).isEmpty();
    assertThat(ToxiproxyClient.checkUrl("localhost:8474"))
        .contains("'localhost:8474' is not an http URL; expected an http URL such as http://127.0.0.1:8474");
    assertThatThrownBy(() -> new ToxiproxyClient("http:///nohost", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'http:///nohost' has no host; expected an http URL such as http://127.0.0.1:8474");
  }
}
