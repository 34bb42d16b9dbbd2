package dev.faultline.engine.fault.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.fault.FaultType;
import java.time.Duration;
import java.util.Map;

/** A connection opened while the toxic exists is reset when the echo comes back. */
class ProxyResetPeerFaultTest extends ToxicFaultContractTest {
  @Override
  FaultType type() {
    return new ProxyResetPeerFaultType();
  }

  @Override
  String toxicType() {
    return "reset_peer";
  }

  @Override
  Map<String, Object> toxicParameters() {
    return Map.of("timeoutMs", 0);
  }

  @Override
  boolean observedInTraffic(int port) throws Exception {
    Traffic.Outcome outcome = Traffic.echo(port, new byte[] {1, 2, 3}, Duration.ofSeconds(3));
    assertThat(outcome.end()).as("%s", outcome).isIn(Traffic.End.COMPLETE, Traffic.End.RESET);
    return outcome.end() == Traffic.End.RESET;
  }
}
