package dev.faultline.engine.fault.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.fault.FaultType;
import java.time.Duration;
import java.util.Map;

/** timeoutMs 0: data is swallowed and the connection held open. */
class ProxyTimeoutFaultTest extends ToxicFaultContractTest {
  @Override
  FaultType type() {
    return new ProxyTimeoutFaultType();
  }

  @Override
  String toxicType() {
    return "timeout";
  }

  @Override
  Map<String, Object> toxicParameters() {
    return Map.of("timeoutMs", 0);
  }

  @Override
  boolean observedInTraffic(int port) throws Exception {
    Traffic.Outcome outcome = Traffic.echo(port, new byte[] {1, 2, 3}, Duration.ofMillis(400));
    assertThat(outcome.end()).as("%s", outcome).isIn(Traffic.End.COMPLETE, Traffic.End.SILENT);
    return outcome.end() == Traffic.End.SILENT;
  }
}
