package dev.faultline.host.net;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faultline.host.TestHost;
import dev.faultline.testkit.FaultContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Network fault tests: one namespace pair per class; attacks go into namespace A. */
abstract class NetnsTest extends FaultContractTest {
  static NetnsPair pair;
  final TestHost host = new TestHost();

  @BeforeAll
  static void createNamespaces() throws Exception {
    assumeTrue(NetnsPair.supported(), "network namespaces need root, iproute2 and nftables (scripts/test.sh installs them)");
    pair = new NetnsPair();
  }

  @AfterAll
  static void deleteNamespaces() {
    if (pair != null) {
      pair.close();
      pair = null;
    }
  }
}
