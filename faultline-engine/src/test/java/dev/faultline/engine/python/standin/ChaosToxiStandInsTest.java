package dev.faultline.engine.python.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.engine.fault.toxiproxy.ToxiproxyFixture;
import dev.faultline.engine.fault.toxiproxy.ToxiproxyToxic;
import dev.faultline.engine.fault.toxiproxy.Traffic;
import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.SimpleRunContext;
import dev.faultline.engine.python.PythonFunction;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every chaostoxi stand-in against a real proxy, with chaostoxi's arguments and return values. */
class ChaosToxiStandInsTest {
  static ToxiproxyFixture proxy;
  Map<String, Object> configuration;
  SimpleRunContext context;

  @BeforeAll
  static void start() throws Exception {
    proxy = ToxiproxyFixture.start();
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
  }

  @BeforeEach
  void svc() throws Exception {
    proxy.freshEchoProxy("svc");
    configuration = new HashMap<>(Map.of("toxiproxy_host", "127.0.0.1", "toxiproxy_port", proxy.apiPort()));
    context = SimpleRunContext.withConfiguration(configuration);
  }

  private Object call(PythonFunction function, Map<String, Object> arguments) throws Exception {
    return function.call(arguments, context);
  }

  private ToxiproxyToxic onlyToxic() throws Exception {
    List<ToxiproxyToxic> toxics = proxy.toxics("svc");
    assertThat(toxics).hasSize(1);
    return toxics.get(0);
  }

  @Test
  void createProxyListensForwardsAndRemembersItsPort() throws Exception {
    String[] upstream = proxy.echoAddress().split(":");
    Object result = call(new ToxiCreateProxy(), Map.of("proxy_name", "made", "upstream_host", upstream[0],
        "upstream_port", Integer.parseInt(upstream[1]), "listen_host", "127.0.0.1"));

    assertThat(result).isEqualTo(true);
    int port = proxy.port("made");
    assertThat(configuration).containsEntry("made_PORT", String.valueOf(port));
    assertThat(Traffic.echo(port, "hi".getBytes(), Duration.ofSeconds(3)).end()).isEqualTo(Traffic.End.COMPLETE);
    assertThat(proxy.client().findProxy("made").orElseThrow().upstream()).isEqualTo(proxy.echoAddress());
  }

  @Test
  void createProxyRefusedRaisesAssertionErrorWithToxiproxysReason() {
    assertThatThrownBy(() -> call(new ToxiCreateProxy(), Map.of("proxy_name", "svc", "upstream_host", "127.0.0.1",
        "upstream_port", 1, "listen_host", "127.0.0.1")))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessage("AssertionError: Toxiproxy did not create proxy 'svc': POST " + proxy.apiUrl()
            + "/proxies: Toxiproxy answered 409: proxy already exists");
  }

  @Test
  void createProxyReadsEnvPrefixedUpstreamFromTheEnvironment() {
    assertThatThrownBy(() -> call(new ToxiCreateProxy(), Map.of("proxy_name", "x",
        "upstream_host", "env:FAULTLINE_TEST_SURELY_UNSET_VARIABLE", "upstream_port", 1)))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessage("KeyError: 'FAULTLINE_TEST_SURELY_UNSET_VARIABLE'");
  }

  @Test
  void latencyToxicIsAddedDownstreamAndSlowsRealTraffic() throws Exception {
    Object result = call(new ToxiCreateLatencyToxic(), Map.of("for_proxy", "svc", "toxic_name", "lat", "latency", 200));

    assertThat(result).isEqualTo(true);
    ToxiproxyToxic toxic = onlyToxic();
    assertThat(toxic.name()).isEqualTo("lat");
    assertThat(toxic.type()).isEqualTo("latency");
    assertThat(toxic.stream()).isEqualTo("downstream");
    assertThat(toxic.toxicity()).isEqualTo(1.0);
    assertThat(toxic.attributes()).containsEntry("latency", 200).containsEntry("jitter", 0);
    Traffic.Outcome outcome = Traffic.echo(proxy.port("svc"), "ping".getBytes(), Duration.ofSeconds(5));
    assertThat(outcome.end()).isEqualTo(Traffic.End.COMPLETE);
    assertThat(outcome.elapsedMs()).isGreaterThanOrEqualTo(200);
  }

  @Test
  void eachTypedToxicSendsChaostoxisAttributes() throws Exception {
    record Case(PythonFunction function, Map<String, Object> arguments, String type, Map<String, Object> attributes) {}
    List<Case> cases = List.of(
        new Case(new ToxiCreateBandwithDegradationToxic(), Map.of("rate", 50), "bandwidth", Map.of("rate", 50)),
        new Case(new ToxiCreateSlowConnectionCloseToxic(), Map.of("delay", 300), "slow_close", Map.of("delay", 300)),
        new Case(new ToxiCreateTimeoutToxic(), Map.of("timeout", 700), "timeout", Map.of("timeout", 700)),
        new Case(new ToxiCreateSlicerToxic(), Map.of("average_size", 10, "size_variation", 2, "delay", 5),
            "slicer", Map.of("average_size", 10, "size_variation", 2, "delay", 5)),
        new Case(new ToxiCreateLimiterToxic(), Map.of("bytes_limit", 1000), "limit_data", Map.of("bytes", 1000)));
    for (Case c : cases) {
      Map<String, Object> arguments = new LinkedHashMap<>(c.arguments());
      arguments.put("for_proxy", "svc");
      arguments.put("toxic_name", "t");
      assertThat(call(c.function(), arguments)).as(c.type()).isEqualTo(true);
      ToxiproxyToxic toxic = onlyToxic();
      assertThat(toxic.type()).isEqualTo(c.type());
      assertThat(toxic.stream()).isEqualTo("downstream");
      assertThat(toxic.attributes()).isEqualTo(c.attributes());
      assertThat(call(new ToxiDeleteToxic(), Map.of("for_proxy", "svc", "toxic_name", "t"))).isEqualTo(true);
    }
    assertThat(proxy.toxics("svc")).isEmpty();
  }

  @Test
  void createToxicTakesAnyTypeStreamToxicityAndAttributes() throws Exception {
    Object result = call(new ToxiCreateToxic(), Map.of("for_proxy", "svc", "toxic_name", "cut", "toxic_type", "bandwidth",
        "stream", "upstream", "toxicity", 0.5, "attributes", Map.of("rate", 0)));

    assertThat(result).isEqualTo(true);
    ToxiproxyToxic toxic = onlyToxic();
    assertThat(toxic.stream()).isEqualTo("upstream");
    assertThat(toxic.toxicity()).isEqualTo(0.5);
    assertThat(toxic.attributes()).containsEntry("rate", 0);
  }

  @Test
  void aRefusedToxicRaisesChaostoxisTypeError() {
    assertThatThrownBy(() -> call(new ToxiCreateLatencyToxic(), Map.of("for_proxy", "nope", "toxic_name", "lat",
        "latency", 100)))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessage("TypeError: 'NoneType' object is not subscriptable (Toxiproxy refused the toxic: POST "
            + proxy.apiUrl() + "/proxies/nope/toxics: Toxiproxy answered 404: proxy not found)");
  }

  @Test
  void deleteToxicSaysWhetherItRemovedOne() throws Exception {
    call(new ToxiCreateTimeoutToxic(), Map.of("for_proxy", "svc", "toxic_name", "t", "timeout", 0));
    assertThat(call(new ToxiDeleteToxic(), Map.of("for_proxy", "svc", "toxic_name", "t"))).isEqualTo(true);
    assertThat(call(new ToxiDeleteToxic(), Map.of("for_proxy", "svc", "toxic_name", "t"))).isEqualTo(false);
  }

  @Test
  void disableEnableAndModifyChangeTheProxy() throws Exception {
    int port = proxy.port("svc");
    assertThat(call(new ToxiDisableProxy(), Map.of("proxy_name", "svc"))).isEqualTo(true);
    assertThat(proxy.client().findProxy("svc").orElseThrow().enabled()).isFalse();
    assertThat(Traffic.echo(port, "x".getBytes(), Duration.ofSeconds(2)).end()).isEqualTo(Traffic.End.REFUSED);

    assertThat(call(new ToxiEnableProxy(), Map.of("proxy_name", "svc"))).isEqualTo(true);
    assertThat(proxy.client().findProxy("svc").orElseThrow().enabled()).isTrue();
    assertThat(configuration).containsEntry("svc_PORT", String.valueOf(port));

    assertThat(call(new ToxiModifyProxy(), Map.of("proxy_name", "svc", "upstream_address", "127.0.0.1:9"))).isEqualTo(true);
    assertThat(proxy.client().findProxy("svc").orElseThrow().upstream()).isEqualTo("127.0.0.1:9");
  }

  @Test
  void modifyingAMissingProxyRaisesAssertionError() {
    assertThatThrownBy(() -> call(new ToxiDisableProxy(), Map.of("proxy_name", "nope")))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessage("AssertionError: Toxiproxy did not modify proxy 'nope': POST " + proxy.apiUrl()
            + "/proxies/nope: Toxiproxy answered 404: proxy not found");
  }

  @Test
  void probesTellWhetherAProxyExistsAndReadItsAttributes() throws Exception {
    assertThat(call(new ToxiProxyExist(), Map.of("proxy_name", "svc"))).isEqualTo(true);
    assertThat(call(new ToxiProxyExist(), Map.of("proxy_name", "nope"))).isEqualTo(false);
    assertThat(call(new ToxiGetProxyAttribute(), Map.of("proxy_name", "svc", "attribute", "upstream")))
        .isEqualTo(proxy.echoAddress());
    assertThat(call(new ToxiGetProxyAttribute(), Map.of("proxy_name", "nope", "attribute", "upstream"))).isNull();
    assertThatThrownBy(() -> call(new ToxiGetProxyAttribute(), Map.of("proxy_name", "svc", "attribute", "colour")))
        .isInstanceOf(ActivityFailedException.class).hasMessage("KeyError: 'colour'");
  }

  @Test
  void deleteProxyReturnsNoneAndNeverRaises() throws Exception {
    assertThat(call(new ToxiDeleteProxy(), Map.of("proxy_name", "svc"))).isNull();
    assertThat(proxy.client().findProxy("svc")).isEmpty();
    assertThat(call(new ToxiDeleteProxy(), Map.of("proxy_name", "svc"))).isNull();
    configuration.put("toxiproxy_port", closedPort());
    assertThat(call(new ToxiDeleteProxy(), Map.of("proxy_name", "svc"))).isNull();
  }

  @Test
  void resetEnablesEveryProxyAndRemovesEveryToxic() throws Exception {
    call(new ToxiCreateLatencyToxic(), Map.of("for_proxy", "svc", "toxic_name", "lat", "latency", 100));
    call(new ToxiDisableProxy(), Map.of("proxy_name", "svc"));

    assertThat(call(new ToxiReset(), Map.of())).isEqualTo(true);

    assertThat(proxy.client().findProxy("svc").orElseThrow().enabled()).isTrue();
    assertThat(proxy.toxics("svc")).isEmpty();
  }

  @Test
  void anUnreachableApiRaisesConnectionError() throws Exception {
    int closed = closedPort();
    configuration.put("toxiproxy_port", closed);
    assertThatThrownBy(() -> call(new ToxiProxyExist(), Map.of("proxy_name", "svc")))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessage("ConnectionError: GET http://127.0.0.1:" + closed + "/proxies/svc: cannot reach Toxiproxy: "
            + "Connection refused");
  }

  @Test
  void theBaseUrlComesFromTheConfigurationAsInChaostoxi() {
    assertThat(ChaosToxi.baseUrl(Map.of("toxiproxy_host", "tp"))).isEqualTo("http://tp:8474");
    assertThat(ChaosToxi.baseUrl(Map.of("toxiproxy_host", "tp", "toxiproxy_port", ""))).isEqualTo("http://tp:8474");
    assertThat(ChaosToxi.baseUrl(Map.of("toxiproxy_host", "tp", "toxiproxy_port", 9000))).isEqualTo("http://tp:9000");
    assertThat(ChaosToxi.baseUrl(Map.of("toxiproxy_host", "tp", "toxiproxy_url", "http://other:1")))
        .isEqualTo("http://other:1");
    assertThat(ChaosToxi.baseUrl(Map.of())).isEqualTo("http://None:8474");
  }

  @Test
  void argumentsBindAsInPython() {
    assertThatThrownBy(() -> call(new ToxiCreateLatencyToxic(), Map.of("for_proxy", "svc", "toxic_name", "lat")))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessage("TypeError: create_latency_toxic() missing 1 required positional argument: 'latency'");
    assertThatThrownBy(() -> call(new ToxiCreateLimiterToxic(), Map.of("for_proxy", "svc", "toxic_name", "l", "bytes", 1)))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessage("TypeError: create_limiter_toxic() got an unexpected keyword argument 'bytes'");
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
