package dev.faultline.engine.python.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.Fault;
import dev.faultline.engine.fault.FaultSession;
import dev.faultline.engine.fault.LeaseRenewal;
import dev.faultline.engine.fault.NoLeaseException;
import dev.faultline.engine.fault.toxiproxy.RecordingToxiproxy;
import dev.faultline.engine.provider.EngineSettings;
import dev.faultline.engine.provider.RunContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chaostoxi stand-ins in a run that renews leases: what they create carries the run's lease
 * and is handed to the run to keep alive; deleting it ends the renewals quietly.
 */
class ChaosToxiLeaseTest {
  static final String TOXIC_JSON = "{\"name\":\"slow\",\"type\":\"latency\",\"stream\":\"downstream\",\"toxicity\":1.0,"
      + "\"attributes\":{\"latency\":100,\"jitter\":0}}";

  RecordingToxiproxy server;
  final Map<String, LeaseRenewal> keptAlive = new LinkedHashMap<>();
  RunContext context;

  @BeforeEach
  void start() throws Exception {
    server = RecordingToxiproxy.start()
        .answer("POST /proxies/svc/toxics", 200, TOXIC_JSON)
        .answer("POST /proxies", 201, "{\"name\":\"made\",\"listen\":\"127.0.0.1:20001\",\"upstream\":\"127.0.0.1:1\","
            + "\"enabled\":true,\"toxics\":[]}");
    FaultSession session = new FaultSession() {
      @Override
      public void apply(String label, Fault fault, Optional<Duration> duration) {
        throw new UnsupportedOperationException("stand-ins apply no faults");
      }

      @Override
      public void recoverAll() {}

      @Override
      public Optional<Duration> lease() {
        return Optional.of(Duration.ofSeconds(4));
      }

      @Override
      public void keepAlive(String label, LeaseRenewal renewal) {
        keptAlive.put(label, renewal);
      }
    };
    Map<String, Object> configuration = new LinkedHashMap<>(Map.of("toxiproxy_url", server.apiUrl()));
    context = new RunContext() {
      @Override
      public Map<String, Object> configuration() {
        return configuration;
      }

      @Override
      public Map<String, Map<String, Object>> secrets() {
        return Map.of();
      }

      @Override
      public FaultSession faults() {
        return session;
      }

      @Override
      public EngineSettings settings() {
        return new EngineSettings(Optional.empty());
      }
    };
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aCreatedToxicCarriesTheRunsLeaseAndIsKeptAliveByTheRun() throws Exception {
    Object created = new ToxiCreateLatencyToxic().call(Map.of("for_proxy", "svc", "toxic_name", "slow", "latency", 100),
        context);

    assertThat(created).isEqualTo(true);
    assertThat(server.requests("POST /proxies/svc/toxics")).singleElement()
        .satisfies(r -> assertThat(r.leaseHeaders()).isEqualTo(Map.of("Faultline-Lease-Ms", "4000")));
    assertThat(keptAlive).containsOnlyKeys("chaostoxi toxic 'slow' on proxy 'svc'");

    server.answer("POST /proxies/svc/toxics/slow/lease", 200, "{\"proxy\":\"svc\",\"toxic\":\"slow\",\"lease_ms\":4000}");
    assertThat(keptAlive.values().iterator().next().renew()).as("renewed").isTrue();
    assertThat(server.requests("POST /proxies/svc/toxics/slow/lease")).hasSize(1);
  }

  @Test
  void aToxicTheExperimentDeletedEndsItsRenewalsQuietly() throws Exception {
    new ToxiCreateToxic().call(Map.of("for_proxy", "svc", "toxic_name", "slow", "toxic_type", "latency"), context);
    server.answer("POST /proxies/svc/toxics/slow/lease", 404, "{\"error\":\"toxic not found\",\"status\":404}")
        .answer("GET /proxies/svc/toxics/slow", 404, "{\"error\":\"toxic not found\",\"status\":404}");

    assertThat(keptAlive.values().iterator().next().renew()).as("nothing left to renew").isFalse();
  }

  @Test
  void aCreatedProxyIsKeptAliveAndAStockToxiproxyIsSaidOnce() throws Exception {
    new ToxiCreateProxy().call(Map.of("proxy_name", "made", "upstream_host", "127.0.0.1", "upstream_port", 1),
        context);
    server.answer("GET /proxies/made", 200, "{\"name\":\"made\",\"listen\":\"127.0.0.1:20001\",\"upstream\":\"127.0.0.1:1\","
        + "\"enabled\":true,\"toxics\":[]}");

    assertThat(server.requests("POST /proxies")).singleElement()
        .satisfies(r -> assertThat(r.leaseHeaders()).isEqualTo(Map.of("Faultline-Lease-Ms", "4000")));
    assertThat(keptAlive).containsOnlyKeys("chaostoxi proxy 'made'");
    assertThatThrownBy(() -> keptAlive.get("chaostoxi proxy 'made'").renew()).isInstanceOf(NoLeaseException.class)
        .hasMessageStartingWith("the Toxiproxy API at " + server.apiUrl() + " does not support Faultline's leases");
  }
}
