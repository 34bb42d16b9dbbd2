package dev.faultline.engine.fault.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.fault.FaultType;
import java.time.Duration;
import java.util.Map;

/** 10 bytes sent, 4 come back, then the connection closes. */
class ProxyLimitDataFaultTest extends ToxicFaultContractTest {
  @Override
  FaultType type() {
    return new ProxyLimitDataFaultType();
  }

  @Override
  String toxicType() {
    return "limit_data";
  }

  @Override
  Map<String, Object> toxicParameters() {
    return Map.of("bytes", 4);
  }

  @Override
  boolean observedInTraffic(int port) throws Exception {
    Traffic.Outcome outcome = Traffic.echo(port, "0123456789".getBytes(), Duration.ofSeconds(3));
    if (outcome.end() == Traffic.End.COMPLETE) {
      return false;
    }
    assertThat(outcome.end()).as("%s", outcome).isEqualTo(Traffic.End.EOF);
    assertThat(new String(outcome.received())).isEqualTo("0123");
    return true;
  }
}
