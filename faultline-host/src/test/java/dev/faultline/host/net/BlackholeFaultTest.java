package dev.faultline.host.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlackholeFaultTest extends NetnsTest {

  @Override
  protected Fault newFault() throws Exception {
    return new BlackholeFaultType(host.context).create(new FaultArguments("host-blackhole",
        Map.of("host", pair.ipB, "port", 7000, "protocol", "tcp", "netns", pair.a)));
  }

  @Override
  protected boolean faultIsInEffect() {
    return !pair.tcp(pair.a, pair.ipB);
  }

  @Test
  void onlyTheChosenPortAndProtocolAreDroppedAndTheChainsGoAfter() throws Exception {
    Fault fault = newFault();
    fault.apply();
    try {
      assertThat(pair.udpEchoes(20)).as("UDP is not blackholed").isGreaterThanOrEqualTo(18);
      assertThat(NftTable.list(pair.namespaceA())).contains("ip daddr " + pair.ipB, "tcp dport 7000", "drop");
    } finally {
      fault.recover();
    }
    assertThat(NftTable.chainNames(pair.namespaceA())).as("chains in table inet faultline after revert").isEmpty();
  }

  @Test
  void aRevertLeavesTheTableAndOtherAttacksChainsAndToleratesChainsAlreadyGone() throws Exception {
    Fault first = newFault();
    Fault second = new BlackholeFaultType(host.context).create(new FaultArguments("host-blackhole",
        Map.of("host", pair.ipB, "port", 7001, "protocol", "udp", "netns", pair.a)));
    first.apply();
    second.apply();
    try {
      first.recover();
      assertThat(NftTable.exists(pair.namespaceA())).as("the table stays: a revert never deletes it").isTrue();
      assertThat(NftTable.chainNames(pair.namespaceA())).isNotEmpty();
      assertThat(pair.udpEchoes(5)).as("the second attack still drops UDP 7001").isZero();
      NftTable.deleteChains(pair.namespaceA(), List.of("no-such-chain"));
    } finally {
      second.recover();
    }
    assertThat(NftTable.chainNames(pair.namespaceA())).isEmpty();
    assertThat(pair.udpEchoes(5)).isGreaterThanOrEqualTo(4);
  }

  @Test
  void withoutCapNetAdminNothingIsApplied() throws Exception {
    Fault fault = new BlackholeFault(host.context, Map.of(), pair.namespaceA(),
        NetworkPrivileges.fromStatus("Name:\tjava\nCapEff:\t0000000000000000\n"), HostSet.parse(pair.ipB), 0, "any", Direction.BOTH);
    assertThatThrownBy(fault::apply).isInstanceOf(FaultException.class)
        .hasMessage("the blackhole attack needs the CAP_NET_ADMIN capability to change network rules, and this process "
            + "does not have it; run it as root (sudo) or grant CAP_NET_ADMIN. Nothing was applied.");
    assertThat(NftTable.chainNames(pair.namespaceA())).isEmpty();
    assertThat(host.journal().list()).isEmpty();
    assertThat(pair.tcp(pair.a, pair.ipB)).isTrue();
  }

  @Test
  void anUnknownNamespaceOrHostIsRefused() throws Exception {
    Fault fault = new BlackholeFaultType(host.context).create(new FaultArguments("host-blackhole",
        Map.of("host", pair.ipB, "netns", "no-such-ns")));
    assertThatThrownBy(fault::apply)
        .hasMessage("netns: there is no network namespace named 'no-such-ns' (see ip netns list). Nothing was applied.");
    assertThatThrownBy(() -> new BlackholeFaultType(host.context).create(new FaultArguments("host-blackhole",
        Map.of("host", "no-such-host.invalid", "port", 70000))))
        .hasMessage("invalid arguments for fault 'host-blackhole': host: 'no-such-host.invalid' is neither an IP address, "
            + "a CIDR (10.0.0.0/8) nor a host name that resolves here; port: 70000 is out of range; allowed 1 to 65535");
    assertThat(host.journal().list()).isEmpty();
  }
}
