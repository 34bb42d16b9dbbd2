package dev.faultline.host.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Kernel latency needs netem; where the kernel lacks it, only the refusal is tested. */
class LatencyFaultTest extends NetnsTest {

  @BeforeEach
  void needsNetem(TestInfo test) {
    if (!test.getDisplayName().startsWith("withoutNetem")) {
      assumeTrue(NetemSupport.available(), "this kernel has no netem (sch_netem): kernel latency is unavailable here");
    }
  }

  @Override
  protected Fault newFault() throws Exception {
    return new LatencyFaultType(host.context).create(new FaultArguments("host-latency",
        Map.of("device", pair.vethA, "latencyMs", 200, "netns", pair.a)));
  }

  @Override
  protected boolean faultIsInEffect() {
    long start = System.nanoTime();
    pair.tcp(pair.a, pair.ipB);
    return (System.nanoTime() - start) / 1_000_000 >= 400; // connect + echo cross the delay at least twice
  }

  @Test
  void withoutNetemTheAttackIsRefusedAndPointsToTheProxy() throws Exception {
    assumeFalse(NetemSupport.available(), "this kernel has netem");
    Fault fault = newFault();
    assertThatThrownBy(fault::apply).hasMessage("the latency attack cannot run: " + NetemSupport.MISSING + ". Nothing was applied.");
    assertThat(host.journal().list()).isEmpty();
    assertThat(Qdiscs.isOurs(pair.namespaceA(), pair.vethA)).isFalse();
  }
}
