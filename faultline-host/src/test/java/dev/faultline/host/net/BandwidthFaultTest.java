package dev.faultline.host.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BandwidthFaultTest extends NetnsTest {

  @Override
  protected Fault newFault() throws Exception {
    return new BandwidthFaultType(host.context).create(new FaultArguments("host-bandwidth",
        Map.of("device", pair.vethA, "rateKbit", 4000, "netns", pair.a)));
  }

  @Override
  protected boolean faultIsInEffect() {
    // 256 KiB at 4 Mbit/s takes about 0.5 s; unlimited, a veth moves it in milliseconds
    return pair.bulkSecondsFromA(256 * 1024) >= 0.3;
  }

  @Test
  void theRateIsHeldNearTheLimit() throws Exception {
    Fault fault = newFault();
    fault.apply();
    double seconds;
    try {
      seconds = pair.bulkSecondsFromA(1024 * 1024);
    } finally {
      fault.recover();
    }
    double kbit = 1024 * 1024 * 8 / 1000.0 / seconds;
    assertThat(kbit).as("measured kbit/s at a 4000 kbit/s limit").isBetween(2500.0, 4800.0);
    assertThat(Qdiscs.isOurs(pair.namespaceA(), pair.vethA)).isFalse();
  }

  @Test
  void anUnknownInterfaceIsRefused() throws Exception {
    Fault fault = new BandwidthFaultType(host.context).create(new FaultArguments("host-bandwidth",
        Map.of("device", "nosuch0", "rateKbit", 100, "netns", pair.a)));
    assertThatThrownBy(fault::apply)
        .hasMessageStartingWith("device: there is no network interface 'nosuch0' in network namespace " + pair.a + "; known: lo, ")
        .hasMessageEndingWith(". Nothing was applied.");
    assertThat(host.journal().list()).isEmpty();
  }

  @Test
  void aSecondAttackOnTheSameDeviceIsRefusedAndLeavesTheFirstInPlace() throws Exception {
    Fault first = newFault();
    first.apply();
    try {
      String firstHandle = Qdiscs.rootHandle(pair.namespaceA(), pair.vethA);
      Fault second = new BandwidthFaultType(host.context).create(new FaultArguments("host-bandwidth",
          Map.of("device", pair.vethA, "rateKbit", 1000, "netns", pair.a)));
      assertThatThrownBy(second::apply)
          .hasMessageStartingWith("device " + pair.vethA + " in network namespace " + pair.a
              + " already has a Faultline qdisc (tbf); end that attack first");
      assertThat(host.journal().list()).hasSize(1);
      assertThat(Qdiscs.rootHandle(pair.namespaceA(), pair.vethA)).isEqualTo(firstHandle);
      assertThat(faultIsInEffect()).as("the first attack still limits the rate").isTrue();
    } finally {
      first.recover();
    }
    assertThat(Qdiscs.isOurs(pair.namespaceA(), pair.vethA)).isFalse();
  }

  @Test
  void removalLeavesAnotherAttacksQdiscAlone() throws Exception {
    Fault first = newFault();
    first.apply();
    try {
      String handle = Qdiscs.rootHandle(pair.namespaceA(), pair.vethA);
      String otherHandle = handle.equals("fa00:") ? "fa01:" : "fa00:";
      Qdiscs.removeOurs(pair.namespaceA(), pair.vethA, otherHandle);
      assertThat(Qdiscs.rootHandle(pair.namespaceA(), pair.vethA)).isEqualTo(handle);
    } finally {
      first.recover();
    }
    assertThat(Qdiscs.isOurs(pair.namespaceA(), pair.vethA)).isFalse();
  }
}
