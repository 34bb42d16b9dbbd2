package dev.faultline.engine.fault.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.fault.FaultType;
import java.time.Duration;
import java.util.Map;

/** 8 bytes cut into 1-byte pieces 50 ms apart take at least 7 gaps to come back. */
class ProxySlicerFaultTest extends ToxicFaultContractTest {
  static final long GAP_US = 50_000;

  @Override
  FaultType type() {
    return new ProxySlicerFaultType();
  }

  @Override
  String toxicType() {
    return "slicer";
  }

  @Override
  Map<String, Object> toxicParameters() {
    return Map.of("averageSizeBytes", 1, "sizeVariationBytes", 0, "delayUs", GAP_US);
  }

  @Override
  boolean observedInTraffic(int port) throws Exception {
    Traffic.Outcome outcome = Traffic.echo(port, "12345678".getBytes(), Duration.ofSeconds(5));
    assertThat(outcome.end()).as("%s", outcome).isEqualTo(Traffic.End.COMPLETE);
    return outcome.elapsedMs() >= 7 * GAP_US / 1000;
  }
}
