package dev.faultline.host.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionFaultTest extends NetnsTest {

  @Override
  protected Fault newFault() throws Exception {
    return new PartitionFaultType(host.context).create(new FaultArguments("host-partition",
        Map.of("host", pair.ipB + "/32", "netns", pair.a)));
  }

  @Override
  protected boolean faultIsInEffect() {
    return !pair.tcp(pair.a, pair.ipB);
  }

  @Test
  void neitherSideReachesTheOtherUntilReverted() throws Exception {
    Fault fault = newFault();
    fault.apply();
    try {
      assertThat(pair.tcp(pair.a, pair.ipB)).as("A to B").isFalse();
      assertThat(pair.tcp(pair.b, pair.ipA)).as("B to A").isFalse();
      assertThat(pair.udpEchoes(10)).as("UDP A to B").isZero();
    } finally {
      fault.recover();
    }
    assertThat(pair.tcp(pair.a, pair.ipB)).isTrue();
    assertThat(pair.tcp(pair.b, pair.ipA)).isTrue();
  }
}
