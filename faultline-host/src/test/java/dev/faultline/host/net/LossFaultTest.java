package dev.faultline.host.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LossFaultTest extends NetnsTest {

  @Override
  protected Fault newFault() throws Exception {
    return new LossFaultType(host.context).create(new FaultArguments("host-loss",
        Map.of("percent", 50, "host", pair.ipB, "netns", pair.a)));
  }

  @Override
  protected boolean faultIsInEffect() {
    return pair.udpEchoes(100) < 85;
  }

  @Test
  void dropsAboutTheGivenShare() throws Exception {
    Fault fault = newFault();
    fault.apply();
    int echoed;
    try {
      echoed = pair.udpEchoes(400);
    } finally {
      fault.recover();
    }
    assertThat(echoed).as("echoes of 400 datagrams at 50%% loss").isBetween(140, 260);
    assertThat(pair.udpEchoes(100)).as("after revert").isGreaterThanOrEqualTo(98);
  }

  @Test
  void percentOutsideZeroToHundredIsRefused() {
    assertThatThrownBy(() -> new LossFaultType(host.context).create(new FaultArguments("host-loss", Map.of("percent", -1))))
        .hasMessage("invalid arguments for fault 'host-loss': percent: -1.0 is out of range; allowed 0.0 to 100.0");
  }
}
