package dev.faultline.engine.fault.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.event.RunEventKind;
import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultExpiry;
import dev.faultline.engine.fault.Eventually;
import dev.faultline.engine.fault.NoLeaseException;
import dev.faultline.engine.fault.TrackedFaultSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy faults' side of the lease extension, against a loopback server that records the
 * requests: which headers go with a create, which route a renewal takes, and what each answer
 * means — including a stock Toxiproxy, which ignores the headers and knows no lease route.
 */
class ToxiproxyLeaseHttpTest {
  static final String TOXIC_JSON = "{\"name\":\"t\",\"type\":\"latency\",\"stream\":\"downstream\",\"toxicity\":1.0,"
      + "\"attributes\":{\"latency\":100,\"jitter\":0}}";
  static final String PROXY_JSON = "{\"name\":\"p\",\"listen\":\"127.0.0.1:20001\",\"upstream\":\"127.0.0.1:20002\","
      + "\"enabled\":true,\"toxics\":[]}";
  static final String LEASE_JSON = "{\"proxy\":\"p\",\"toxic\":\"t\",\"lease_ms\":5000,\"expires_at\":\"x\","
      + "\"hard_expires_at\":null}";

  RecordingToxiproxy server;
  ToxicFault toxic;
  ProxyCreateFault proxy;

  @BeforeEach
  void start() throws Exception {
    server = RecordingToxiproxy.start()
        .answer("POST /proxies/p/toxics", 200, TOXIC_JSON)
        .answer("DELETE /proxies/p/toxics/t", 204, "")
        .answer("POST /proxies", 201, PROXY_JSON)
        .answer("DELETE /proxies/p", 204, "");
    ToxiproxyClient client = new ToxiproxyClient(server.apiUrl(), Optional.empty());
    toxic = new ToxicFault(client, "p", new ToxiproxyToxic("t", "latency", "downstream", 1.0,
        Map.of("latency", 100, "jitter", 0)), "latency 100 ms, jitter 0 ms");
    proxy = new ProxyCreateFault(client, "p", "127.0.0.1:20001", "127.0.0.1:20002");
  }

  @AfterEach
  void stop() throws Exception {
    toxic.recover();
    proxy.recover();
    server.close();
  }

  @Test
  void aLeasedToxicCarriesTheLeaseAndItsLengthPlusOneSecond() throws Exception {
    toxic.apply(FaultExpiry.leased(Duration.ofSeconds(5), Optional.of(Duration.ofSeconds(20))));

    assertThat(server.requests("POST /proxies/p/toxics")).singleElement().satisfies(r -> assertThat(r.leaseHeaders())
        .containsExactlyInAnyOrderEntriesOf(Map.of("Faultline-Lease-Ms", "5000", "Faultline-Expires-In-Ms", "21000")));
  }

  @Test
  void aToxicWithoutDurationCarriesOnlyTheLeaseAndOneAppliedPlainlyCarriesNothing() throws Exception {
    toxic.apply(FaultExpiry.leased(Duration.ofSeconds(15), Optional.empty()));
    ToxicFault plain = new ToxicFault(new ToxiproxyClient(server.apiUrl(), Optional.empty()), "p",
        new ToxiproxyToxic("t", "latency", "downstream", 1.0, Map.of("latency", 100)), "latency 100 ms");
    plain.apply();

    assertThat(server.requests("POST /proxies/p/toxics")).extracting(RecordingToxiproxy.Request::leaseHeaders)
        .containsExactly(Map.of("Faultline-Lease-Ms", "15000"), Map.of());
  }

  @Test
  void aRenewalPostsToTheToxicsLeaseRoute() throws Exception {
    server.answer("POST /proxies/p/toxics/t/lease", 200, LEASE_JSON);
    toxic.apply(FaultExpiry.leased(Duration.ofSeconds(5), Optional.empty()));

    toxic.renew();
    toxic.renew();

    assertThat(server.requests("POST /proxies/p/toxics/t/lease")).hasSize(2);
  }

  @Test
  void aStockToxiproxySaysOnceThatItHasNoLeases() throws Exception {
    server.answer("GET /proxies/p/toxics/t", 200, TOXIC_JSON); // the toxic is there; the route is not
    toxic.apply(FaultExpiry.leased(Duration.ofSeconds(5), Optional.empty()));

    assertThatThrownBy(toxic::renew).isInstanceOf(NoLeaseException.class)
        .hasMessage("the Toxiproxy API at " + server.apiUrl() + " does not support Faultline's leases (a stock "
            + "Toxiproxy?): what the run adds there is removed by the run only, and stays for good if the run is "
            + "killed; use faultline proxy for faults that expire by themselves");
  }

  @Test
  void aToxicThatIsGoneEndsTheRenewalsSayingTheFaultIsNotInEffect() throws Exception {
    server.answer("POST /proxies/p/toxics/t/lease", 404, "{\"error\":\"toxic not found\",\"status\":404}")
        .answer("GET /proxies/p/toxics/t", 404, "{\"error\":\"toxic not found\",\"status\":404}");
    toxic.apply(FaultExpiry.leased(Duration.ofSeconds(5), Optional.empty()));

    assertThatThrownBy(toxic::renew).isInstanceOf(NoLeaseException.class)
        .hasMessage("latency toxic 't' is no longer on proxy 'p' at " + server.apiUrl() + ": its lease ran out before "
            + "a renewal reached the proxy, or someone removed it; the fault is not in effect any more");
  }

  @Test
  void aToxicWithoutLeaseOnALeaseAwareServerEndsTheRenewals() throws Exception {
    server.answer("POST /proxies/p/toxics/t/lease", 409, "{\"error\":\"toxic t has no lease\",\"status\":409}");
    toxic.apply(FaultExpiry.leased(Duration.ofSeconds(5), Optional.empty()));

    assertThatThrownBy(toxic::renew).isInstanceOf(NoLeaseException.class).hasMessageContaining("carries no lease");
  }

  @Test
  void aServerErrorIsAFailedRenewalToTryAgain() throws Exception {
    server.answer("POST /proxies/p/toxics/t/lease", 500, "{\"error\":\"disk full\",\"status\":500}");
    toxic.apply(FaultExpiry.leased(Duration.ofSeconds(5), Optional.empty()));

    assertThatThrownBy(toxic::renew).isExactlyInstanceOf(FaultException.class)
        .hasMessage("could not renew the lease of latency toxic 't' on proxy 'p': POST " + server.apiUrl()
            + "/proxies/p/toxics/t/lease: Toxiproxy answered 500: disk full");
  }

  @Test
  void nothingIsRenewedAfterRecoveryOrWithoutALease() throws Exception {
    assertThatThrownBy(toxic::renew).isInstanceOf(NoLeaseException.class).hasMessageContaining("without a lease");
    toxic.apply(FaultExpiry.leased(Duration.ofSeconds(5), Optional.empty()));
    toxic.recover();
    assertThatThrownBy(toxic::renew).isInstanceOf(NoLeaseException.class).hasMessageContaining("is not applied");
    assertThat(server.requests()).noneMatch(r -> r.path().endsWith("/lease"));
  }

  @Test
  void aLeasedProxyCarriesTheHeadersAndRenewsThroughTheProxysLeaseRoute() throws Exception {
    server.answer("POST /proxies/p/lease", 200, LEASE_JSON.replace("\"toxic\":\"t\"", "\"toxic\":null"));
    proxy.apply(FaultExpiry.leased(Duration.ofSeconds(3), Optional.of(Duration.ofMillis(500))));
    proxy.renew();

    assertThat(server.requests("POST /proxies")).singleElement().satisfies(r -> assertThat(r.leaseHeaders())
        .containsExactlyInAnyOrderEntriesOf(Map.of("Faultline-Lease-Ms", "3000", "Faultline-Expires-In-Ms", "1500")));
    assertThat(server.requests("POST /proxies/p/lease")).hasSize(1);
  }

  @Test
  void aProxyOnAStockToxiproxySaysItHasNoLeases() throws Exception {
    proxy.apply(FaultExpiry.leased(Duration.ofSeconds(3), Optional.empty()));
    server.answer("GET /proxies/p", 200, PROXY_JSON);

    assertThatThrownBy(proxy::renew).isInstanceOf(NoLeaseException.class)
        .hasMessageStartingWith("the Toxiproxy API at " + server.apiUrl() + " does not support Faultline's leases");
  }

  @Test
  void aRunAgainstAStockToxiproxyWarnsOnceAndStopsRenewing() throws Exception {
    server.answer("GET /proxies/p/toxics/t", 200, TOXIC_JSON);
    List<String> warnings = new CopyOnWriteArrayList<>();
    try (TrackedFaultSession session = new TrackedFaultSession((kind, subject, attributes) -> {
      if (kind == RunEventKind.FAULT_WARNING) {
        warnings.add(subject + ": " + attributes.get("warning"));
      }
    }, FaultExpiry.MIN_LEASE)) {
      session.apply("slow-down", toxic, Optional.empty());
      Eventually.await(() -> !warnings.isEmpty(), Duration.ofSeconds(10));
      Thread.sleep(FaultExpiry.MIN_LEASE.toMillis()); // three more rounds, were the renewals still going
      assertThat(server.requests("POST /proxies/p/toxics/t/lease")).hasSize(1);
      assertThat(session.warnings()).hasSize(1);
    }
    assertThat(warnings).singleElement().asString().startsWith("slow-down: the Toxiproxy API at " + server.apiUrl()
        + " does not support Faultline's leases");
    assertThat(server.requests("DELETE /proxies/p/toxics/t")).as("recovered at the session's end").hasSize(1);
  }
}
