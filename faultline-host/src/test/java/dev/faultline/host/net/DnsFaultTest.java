package dev.faultline.host.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DnsFaultTest extends NetnsTest {

  @Override
  protected Fault newFault() throws Exception {
    return new DnsFaultType(host.context).create(new FaultArguments("host-dns", Map.of("netns", pair.a)));
  }

  @Override
  protected boolean faultIsInEffect() {
    return pair.resolveFromA("shop.example") == null;
  }

  @Test
  void resolutionFailsDuringAndWorksAfterWhileOtherTrafficFlows() throws Exception {
    assertThat(pair.resolveFromA("shop.example")).isEqualTo(pair.ipB);
    Fault fault = newFault();
    fault.apply();
    try {
      assertThat(pair.resolveFromA("inventory.example")).isNull();
      assertThat(pair.tcp(pair.a, pair.ipB)).as("non-DNS traffic").isTrue();
    } finally {
      fault.recover();
    }
    assertThat(pair.resolveFromA("inventory.example")).isEqualTo(pair.ipB);
  }
}
