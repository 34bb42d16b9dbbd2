package dev.faultline.engine.fault.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faultline.core.RunStatus;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultExpiry;
import dev.faultline.engine.fault.Eventually;
import dev.faultline.engine.fault.TrackedFaultSession;
import dev.faultline.engine.run.RunControl;
import dev.faultline.engine.run.RunOptions;
import dev.faultline.engine.run.RunResult;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Toxics and proxies that a real Faultline proxy removes by itself: when nobody renews their lease,
 * when their length passes, and after the run that created them ends. Needs the proxy's lease API
 * ({@code GET /faultline/leases}); against a proxy without it these tests are skipped.
 */
class ProxyLeaseExpiryTest {
  static final Duration LEASE = FaultExpiry.MIN_LEASE;
  /** Generous: the proxy's expiry sweep and a busy 2-core machine; measured figures are printed. */
  static final Duration GONE_WITHIN = Duration.ofSeconds(10);

  static ToxiproxyFixture proxy;

  @BeforeAll
  static void start() throws Exception {
    proxy = ToxiproxyFixture.start();
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
  }

  @BeforeEach
  void freshProxyWithLeases() throws Exception {
    assumeTrue(proxy.client().exchange("GET", "/faultline/leases", null).ok(),
        "this faultline-proxy has no lease API (GET /faultline/leases); the lease tests await it");
    proxy.freshEchoProxy("p");
  }

  private ToxicFault latency() throws Exception {
    return (ToxicFault) new ProxyLatencyFaultType().create(new FaultArguments("proxy-latency",
        Map.of("proxy", "p", "latencyMs", 100, "apiUrl", proxy.apiUrl())));
  }

  @Test
  void aToxicNobodyRenewsIsGoneWithinItsLease() throws Exception {
    ToxicFault fault = latency();
    fault.apply(FaultExpiry.leased(LEASE, Optional.empty()));
    long appliedNanos = System.nanoTime();
    assertThat(proxy.toxics("p")).hasSize(1);

    Eventually.await(() -> toxicsOf("p") == 0, GONE_WITHIN);
    report("unrenewed 2 s lease: toxic gone after %d ms", appliedNanos);
    fault.recover(); // already gone: counts as removed
  }

  @Test
  void aRenewedToxicOutlivesItsLeaseAndGoesWhenItsLengthPasses() throws Exception {
    ToxicFault fault = latency();
    try (TrackedFaultSession session = new TrackedFaultSession((kind, subject, attributes) -> {}, LEASE)) {
      fault.apply(FaultExpiry.leased(LEASE, Optional.of(Duration.ofSeconds(4))));
      long appliedNanos = System.nanoTime();
      session.keepAlive("latency", () -> {
        fault.renew();
        return true;
      });
      Thread.sleep(LEASE.toMillis() * 3 / 2);
      assertThat(proxy.toxics("p")).as("toxics after 1.5 leases of renewals").hasSize(1);

      // 4 s length + 1 s grace: the proxy removes it whatever the renewals
      Eventually.await(() -> toxicsOf("p") == 0, GONE_WITHIN);
      report("4 s length (+1 s grace), renewed: toxic gone after %d ms", appliedNanos);
    }
  }

  @Test
  void aProxyCreatedWithALeaseIsDeletedWhenNobodyRenewsIt() throws Exception {
    ProxyCreateFault fault = new ProxyCreateFault(proxy.client(), "leased", "127.0.0.1:0", proxy.echoAddress());
    fault.apply(FaultExpiry.leased(LEASE, Optional.empty()));
    long appliedNanos = System.nanoTime();

    Eventually.await(() -> proxyExists("leased").equals(Boolean.FALSE), GONE_WITHIN);
    report("unrenewed 2 s lease: proxy gone after %d ms", appliedNanos);
  }

  @Test
  void aProxyDisabledWithALeaseIsEnabledAgainWhenNobodyRenewsIt() throws Exception {
    ProxyDisableFault fault = new ProxyDisableFault(proxy.client(), "p");
    fault.apply(FaultExpiry.leased(LEASE, Optional.empty()));
    long appliedNanos = System.nanoTime();
    assertThat(proxyEnabled("p")).isFalse();

    Eventually.await(() -> proxyEnabled("p"), GONE_WITHIN);
    report("unrenewed 2 s disable lease: proxy enabled again after %d ms", appliedNanos);
    fault.recover(); // enabled already: nothing left to undo
    assertThat(proxyEnabled("p")).isTrue();
  }

  @Test
  void aRenewedDisableStaysUntilRecovered() throws Exception {
    ProxyDisableFault fault = new ProxyDisableFault(proxy.client(), "p");
    try (TrackedFaultSession session = new TrackedFaultSession((kind, subject, attributes) -> {}, LEASE)) {
      fault.apply(FaultExpiry.leased(LEASE, Optional.empty()));
      session.keepAlive("disable", () -> {
        fault.renew();
        return true;
      });
      Thread.sleep(LEASE.toMillis() * 2);
      assertThat(proxyEnabled("p")).as("enabled after 2 leases of renewals").isFalse();
    }
    fault.recover();
    assertThat(proxyEnabled("p")).isTrue();
  }

  @Test
  void aToxicAChaostoxiStandInLeftBehindExpiresAfterTheRun() throws Exception {
    String yaml = """
        title: a toxic left behind
        description: chaostoxi's create_latency_toxic without a delete
        configuration:
          toxiproxy_url: "%s"
        method:
          - {type: action, name: add-latency, provider: {type: python, module: chaostoxi.toxic.actions, func: create_latency_toxic, arguments: {for_proxy: p, toxic_name: left-behind, latency: 100}}}
          - {type: action, name: outlive-a-lease, provider: {type: process, path: sleep, arguments: ["3"]}}
        """.formatted(proxy.apiUrl());
    RunResult result = InlineExperiment.run(yaml, RunOptions.defaults().withFaultLease(LEASE), new RunControl(),
        event -> {});
    long endedNanos = System.nanoTime();

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(proxy.toxics("p")).as("renewed during the 3 s method, so still there at its end").hasSize(1);
    Eventually.await(() -> toxicsOf("p") == 0, GONE_WITHIN);
    report("chaostoxi toxic after a run with a 2 s lease: gone %d ms after the run ended", endedNanos);
  }

  private static int toxicsOf(String name) {
    try {
      return proxy.toxics(name).size();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Boolean proxyExists(String name) {
    try {
      return proxy.client().findProxy(name).isPresent();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean proxyEnabled(String name) {
    try {
      return proxy.client().findProxy(name).orElseThrow().enabled();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void report(String format, long sinceNanos) {
    System.out.printf(Locale.ROOT, "[ProxyLeaseExpiryTest] " + format + "%n", (System.nanoTime() - sinceNanos) / 1_000_000);
  }
}
