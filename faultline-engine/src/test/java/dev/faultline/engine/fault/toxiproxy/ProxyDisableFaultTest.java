package dev.faultline.engine.fault.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultException;
import dev.faultline.testkit.FaultContractTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProxyDisableFaultTest extends FaultContractTest {
  static ToxiproxyFixture proxy;
  int port;

  @BeforeAll
  static void startProxy() throws Exception {
    proxy = ToxiproxyFixture.start();
  }

  @AfterAll
  static void stopProxy() throws Exception {
    proxy.close();
  }

  @BeforeEach
  void freshProxy() throws Exception {
    port = proxy.freshEchoProxy("p").listenPort();
  }

  @Override
  protected Fault newFault() throws Exception {
    return new ProxyDisableFaultType().create(new FaultArguments("proxy-disable", Map.of("proxy", "p", "apiUrl", proxy.apiUrl())));
  }

  @Override
  protected boolean faultIsInEffect() throws Exception {
    boolean disabled = !proxy.client().findProxy("p").orElseThrow().enabled();
    Traffic.Outcome outcome = Traffic.echo(port, new byte[] {7}, Duration.ofSeconds(3));
    boolean refused = outcome.end() == Traffic.End.REFUSED;
    if (!refused) {
      assertThat(outcome.end()).as("%s", outcome).isEqualTo(Traffic.End.COMPLETE);
    }
    assertThat(refused).as("connections refused while the API says disabled=%s", disabled).isEqualTo(disabled);
    return disabled;
  }

  @Test
  void leavesAProxyThatWasAlreadyDisabledAsItWas() throws Exception {
    proxy.client().disable("p");
    Fault fault = newFault();
    fault.apply();
    fault.recover();
    assertThat(proxy.client().findProxy("p").orElseThrow().enabled()).isFalse();
  }

  @Test
  void anUnknownProxyFailsAndSaysWhatToDo() throws Exception {
    Fault fault = new ProxyDisableFaultType().create(new FaultArguments("proxy-disable",
        Map.of("proxy", "nope", "apiUrl", proxy.apiUrl())));
    assertThatThrownBy(fault::apply).isInstanceOf(FaultException.class)
        .hasMessage("there is no proxy 'nope' at " + proxy.apiUrl()
            + "; create it first (fault proxy-create, or the proxy's --config file)");
  }

  @Test
  void describesItself() throws Exception {
    assertThat(newFault().describe()).isEqualTo("disabled proxy 'p' at " + proxy.apiUrl());
    assertThat(newFault().describeRecovery()).isEqualTo("enabled proxy 'p' again at " + proxy.apiUrl());
  }
}
