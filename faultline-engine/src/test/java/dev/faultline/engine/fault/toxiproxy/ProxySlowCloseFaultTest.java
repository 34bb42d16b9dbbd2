package dev.faultline.engine.fault.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.fault.FaultType;
import java.time.Duration;
import java.util.Map;

/** After the client closes its side, the proxy's close of the client connection comes late. */
class ProxySlowCloseFaultTest extends ToxicFaultContractTest {
  static final long DELAY_MS = 400;

  @Override
  FaultType type() {
    return new ProxySlowCloseFaultType();
  }

  @Override
  String toxicType() {
    return "slow_close";
  }

  @Override
  Map<String, Object> toxicParameters() {
    return Map.of("delayMs", DELAY_MS);
  }

  @Override
  boolean observedInTraffic(int port) throws Exception {
    Traffic.Outcome outcome = Traffic.closeAfterEcho(port, Duration.ofSeconds(5));
    assertThat(outcome.end()).as("%s", outcome).isEqualTo(Traffic.End.EOF);
    return outcome.elapsedMs() >= DELAY_MS;
  }
}
