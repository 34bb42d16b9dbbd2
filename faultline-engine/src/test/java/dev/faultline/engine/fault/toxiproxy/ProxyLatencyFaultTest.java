package dev.faultline.engine.fault.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultType;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyLatencyFaultTest extends ToxicFaultContractTest {
  static final long LATENCY_MS = 250;

  @Override
  FaultType type() {
    return new ProxyLatencyFaultType();
  }

  @Override
  String toxicType() {
    return "latency";
  }

  @Override
  Map<String, Object> toxicParameters() {
    return Map.of("latencyMs", LATENCY_MS);
  }

  @Override
  boolean observedInTraffic(int port) throws Exception {
    Traffic.Outcome outcome = Traffic.echo(port, "ping".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
    assertThat(outcome.end()).as("echo through the proxy: %s", outcome).isEqualTo(Traffic.End.COMPLETE);
    return outcome.elapsedMs() >= LATENCY_MS;
  }

  @Test
  void addsTheToxicWithToxiproxysNamesAndUnits() throws Exception {
    Map<String, Object> parameters = new LinkedHashMap<>(parameters());
    parameters.put("jitterMs", 10);
    parameters.put("stream", "upstream");
    parameters.put("toxicity", 0.5);
    ToxicFault fault = (ToxicFault) type().create(new FaultArguments("proxy-latency", parameters));
    fault.apply();
    try {
      assertThat(proxy.toxics("p")).singleElement().satisfies(t -> {
        assertThat(t.name()).matches("faultline-latency-[0-9a-f]{8}").isEqualTo(fault.toxic().name());
        assertThat(t.type()).isEqualTo("latency");
        assertThat(t.stream()).isEqualTo("upstream");
        assertThat(t.toxicity()).isEqualTo(0.5);
        assertThat(t.attributes()).containsEntry("latency", 250).containsEntry("jitter", 10);
      });
      assertThat(fault.describe()).isEqualTo("added latency toxic '" + fault.toxic().name()
          + "' (latency 250 ms, jitter 10 ms, upstream, toxicity 0.5) to proxy 'p' at " + proxy.apiUrl());
      assertThat(fault.describeRecovery()).isEqualTo("removed latency toxic '" + fault.toxic().name()
          + "' (latency 250 ms, jitter 10 ms, upstream, toxicity 0.5) from proxy 'p' at " + proxy.apiUrl());
    } finally {
      fault.recover();
    }
    assertThat(proxy.toxics("p")).isEmpty();
  }

  @Test
  void twoFaultsOnOneProxyGetTheirOwnToxicsAndRemoveOnlyTheirs() throws Exception {
    Fault first = newFault();
    Fault second = newFault();
    first.apply();
    second.apply();
    assertThat(proxy.toxics("p")).hasSize(2);
    first.recover();
    assertThat(proxy.toxics("p")).singleElement()
        .satisfies(t -> assertThat(t.name()).isEqualTo(((ToxicFault) second).toxic().name()));
    second.recover();
    assertThat(proxy.toxics("p")).isEmpty();
  }

  @Test
  void reportsEveryBadArgumentAtOnce() {
    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("latencyMs", -1);
    bad.put("jitterMs", "x");
    bad.put("stream", "sideways");
    bad.put("toxicity", 2);
    bad.put("apiUrl", "ftp://127.0.0.1:8474");
    bad.put("colour", "red");
    assertThatThrownBy(() -> type().create(new FaultArguments("proxy-latency", bad)))
        .isInstanceOf(InvalidFaultArgumentsException.class)
        .hasMessage("invalid arguments for fault 'proxy-latency': proxy: required parameter is missing; "
            + "latencyMs: -1 is out of range; allowed 0 to 3600000; "
            + "jitterMs: expected an integer between 0 and 3600000, got 'x'; "
            + "stream: 'sideways' is not a stream; allowed upstream or downstream; "
            + "toxicity: 2.0 is out of range; allowed 0.0 to 1.0; "
            + "apiUrl: 'ftp://127.0.0.1:8474' is not an http URL; expected an http URL such as http://127.0.0.1:8474; "
            + "colour: unknown parameter; known: proxy, latencyMs, jitterMs, stream, toxicity, apiUrl");
  }

  @Test
  void anUnknownProxyFailsWithToxiproxysErrorAndTheUrl() throws Exception {
    ToxicFault fault = (ToxicFault) type().create(new FaultArguments("proxy-latency",
        Map.of("proxy", "nope", "latencyMs", 100, "apiUrl", proxy.apiUrl())));
    assertThatThrownBy(fault::apply).isInstanceOf(FaultException.class)
        .hasMessage("could not add latency toxic '" + fault.toxic().name() + "' to proxy 'nope': POST "
            + proxy.apiUrl() + "/proxies/nope/toxics: Toxiproxy answered 404: proxy not found");
    assertThatCode(fault::recover).doesNotThrowAnyException();
  }

  @Test
  void anUnreachableApiFailsWithTheReason() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String apiUrl = "http://127.0.0.1:" + closedPort;
    ToxicFault fault = (ToxicFault) type().create(new FaultArguments("proxy-latency",
        Map.of("proxy", "p", "latencyMs", 100, "apiUrl", apiUrl)));
    assertThatThrownBy(fault::apply).isInstanceOf(FaultException.class)
        .hasMessage("could not add latency toxic '" + fault.toxic().name() + "' to proxy 'p': POST "
            + apiUrl + "/proxies/p/toxics: cannot reach Toxiproxy: Connection refused");
  }

  @Test
  void recoverRemovesTheToxicOnAnInterruptedThreadAndKeepsTheInterrupt() throws Exception {
    Fault fault = newFault();
    fault.apply();
    Thread.currentThread().interrupt();
    try {
      fault.recover();
      assertThat(Thread.currentThread().isInterrupted()).as("interrupt kept").isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(proxy.toxics("p")).isEmpty();
  }

  @Test
  void aToxicSomeoneElseRemovedCountsAsRecovered() throws Exception {
    ToxicFault fault = (ToxicFault) newFault();
    fault.apply();
    proxy.client().removeToxic("p", fault.toxic().name());
    assertThatCode(fault::recover).doesNotThrowAnyException();
  }
}
