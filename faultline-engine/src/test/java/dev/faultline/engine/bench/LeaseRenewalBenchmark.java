package dev.faultline.engine.bench;

import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultExpiry;
import dev.faultline.engine.fault.TrackedFaultSession;
import dev.faultline.engine.fault.toxiproxy.ProxyLatencyFaultType;
import dev.faultline.engine.fault.toxiproxy.ToxicFault;
import dev.faultline.engine.fault.toxiproxy.ToxiproxyFixture;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What lease renewal costs: one renewal round of 100 leased toxics on a real Faultline proxy, and
 * the round-trip time of traffic through another proxy of the same server with and without those
 * 100 leases renewed every 667 ms (a 2 s lease, the shortest).
 *
 * <p>Run with the engine's test class path: {@code java -cp ... dev.faultline.engine.bench.LeaseRenewalBenchmark}.
 */
public final class LeaseRenewalBenchmark {
  private static final int TOXICS = 100;
  private static final int ROUND_TRIPS = 2000;

  private LeaseRenewalBenchmark() {}

  public static void main(String[] args) throws Exception {
    try (ToxiproxyFixture proxy = ToxiproxyFixture.start()) {
      proxy.freshEchoProxy("traffic");
      proxy.client().createProxy("leased", "127.0.0.1:0", proxy.echoAddress(), true);
      int port = proxy.port("traffic");
      System.out.printf(Locale.ROOT, "RTT through the proxy, no leases:            %s%n", rtt(port));

      List<ToxicFault> faults = new ArrayList<>();
      for (int i = 0; i < TOXICS; i++) {
        ToxicFault fault = (ToxicFault) new ProxyLatencyFaultType().create(new FaultArguments("proxy-latency",
            Map.of("proxy", "leased", "latencyMs", 1, "apiUrl", proxy.apiUrl())));
        fault.apply(FaultExpiry.leased(FaultExpiry.MIN_LEASE, Optional.empty()));
        faults.add(fault);
      }
      long[] roundMicros = new long[20];
      for (int r = 0; r < roundMicros.length; r++) {
        long start = System.nanoTime();
        for (ToxicFault fault : faults) {
          fault.renew();
        }
        roundMicros[r] = (System.nanoTime() - start) / 1000;
      }
      Arrays.sort(roundMicros);
      System.out.printf(Locale.ROOT, "one renewal round of %d toxics: median %.1f ms, max %.1f ms (every 667 ms)%n",
          TOXICS, roundMicros[roundMicros.length / 2] / 1000.0, roundMicros[roundMicros.length - 1] / 1000.0);

      try (TrackedFaultSession session = new TrackedFaultSession((k, s, a) -> { }, FaultExpiry.MIN_LEASE)) {
        for (ToxicFault fault : faults) {
          session.keepAlive("t", () -> {
            fault.renew();
            return true;
          });
        }
        System.out.printf(Locale.ROOT, "RTT through the proxy, %d leases renewed:   %s%n", TOXICS, rtt(port));
        System.out.printf(Locale.ROOT, "toxics still leased after the measurement: %d%n", proxy.toxics("leased").size());
      }
      for (ToxicFault fault : faults) {
        fault.recover();
      }
    }
  }

  /** p50 and p99 of 1-byte round trips over one connection through the proxy, for {@value #ROUND_TRIPS} trips. */
  private static String rtt(int port) throws Exception {
    long[] micros = new long[ROUND_TRIPS];
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      for (int i = 0; i < 200; i++) { // warm-up
        out.write(1);
        in.read();
      }
      for (int i = 0; i < ROUND_TRIPS; i++) {
        long start = System.nanoTime();
        out.write(1);
        if (in.read() < 0) {
          throw new IllegalStateException("the proxy closed the connection");
        }
        micros[i] = (System.nanoTime() - start) / 1000;
        if (i % 100 == 0) {
          Thread.sleep(5); // spread over time, so rounds of renewals fall among the trips
        }
      }
    }
    Arrays.sort(micros);
    return String.format(Locale.ROOT, "p50 %d us, p99 %d us", micros[ROUND_TRIPS / 2], micros[ROUND_TRIPS * 99 / 100]);
  }
}
