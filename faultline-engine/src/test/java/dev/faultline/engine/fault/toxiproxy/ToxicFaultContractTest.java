package dev.faultline.engine.fault.toxiproxy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultType;
import dev.faultline.testkit.FaultContractTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fault contract for a {@code proxy-<toxic>} fault, against a real proxy with an echo server
 * behind it. A fault is in effect when the API lists its toxic; real traffic through the proxy
 * must agree, or the check fails.
 */
abstract class ToxicFaultContractTest extends FaultContractTest {
  static ToxiproxyFixture proxy;

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
    proxy.freshEchoProxy("p");
  }

  /** The fault type under test. */
  abstract FaultType type();

  /** Toxiproxy's name of the toxic it adds. */
  abstract String toxicType();

  /** The toxic's own parameters; {@code proxy} and {@code apiUrl} are added. */
  abstract Map<String, Object> toxicParameters();

  /** Whether traffic through the proxy on {@code port} shows the toxic. */
  abstract boolean observedInTraffic(int port) throws Exception;

  Map<String, Object> parameters() {
    Map<String, Object> all = new LinkedHashMap<>(toxicParameters());
    all.put("proxy", "p");
    all.put("apiUrl", proxy.apiUrl());
    return all;
  }

  @Override
  protected Fault newFault() throws Exception {
    return type().create(new FaultArguments(type().name(), parameters()));
  }

  @Override
  protected boolean faultIsInEffect() throws Exception {
    List<ToxiproxyToxic> toxics = proxy.toxics("p");
    boolean listed = toxics.stream().anyMatch(t -> t.name().startsWith("faultline-" + toxicType() + "-"));
    boolean observed = observedInTraffic(proxy.port("p"));
    if (listed != observed) {
      throw new AssertionError("the API lists " + toxics + " but traffic " + (observed ? "shows" : "does not show")
          + " the " + toxicType() + " toxic");
    }
    return listed;
  }
}
