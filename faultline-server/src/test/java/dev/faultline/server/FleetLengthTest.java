package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultExpiry;
import dev.faultline.core.fault.SelfExpiringFault;
import dev.faultline.core.fleet.RemoteFaultRequest;
import dev.faultline.core.target.Target;
import dev.faultline.fleet.agent.FleetAgent;
import dev.faultline.server.fleet.MarkerFaultType;
import dev.faultline.server.fleet.ServerFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fault with a length (an activity's {@code duration}) is ended by its agent when the length
 * passes; the run's renewal that races it is not a failure (it was a spurious "could not renew the
 * lease" warning in every journal of a fault with a duration), while a fault gone for another
 * reason still fails its renewal.
 */
class FleetLengthTest {
  @Test
  void aRenewalAfterTheAgentEndedTheFaultsLengthIsNotAFailure(@TempDir Path dir) throws Exception {
    try (TestServer t = TestServer.start(dir, c -> c.withAgentHeartbeatMs(500))) {
      List<String> log = new CopyOnWriteArrayList<>();
      try (FleetAgent a = FleetTest.agent(t, dir, t.token("agent"), "web-1", Map.of("service", "web"), log)) {
        FleetTest.await(a::connected, "agent connected: " + log);
        ServerFleet fleet = new ServerFleet(t.server.agents(), () -> false);
        Path marker = dir.resolve("marker");
        SelfExpiringFault f = fleet.fault(new Target("web-1", "agent", Map.of()), new RemoteFaultRequest("run-1",
            "mark", MarkerFaultType.NAME, Map.of("path", marker.toString()), Duration.ofMillis(300)));
        f.apply(FaultExpiry.leased(Duration.ofSeconds(5), Optional.empty()));
        assertThat(marker).exists();
        FleetTest.await(() -> !Files.exists(marker) && recent(t).contains("length ended"),
            "the agent ended it at its length: " + log);
        f.renew(); // no exception: ended as asked
        f.recover(); // a no-op

        SelfExpiringFault g = fleet.fault(new Target("web-1", "agent", Map.of()), new RemoteFaultRequest("run-1",
            "mark", MarkerFaultType.NAME, Map.of("path", marker.toString()), null));
        g.apply(FaultExpiry.leased(Duration.ofSeconds(5), Optional.empty()));
        g.recover();
        assertThatThrownBy(g::renew).isInstanceOf(FaultException.class).hasMessageContaining("is gone");
      }
    }
  }

  private static String recent(TestServer t) {
    try {
      return String.valueOf(t.get("/api/v1/agents/web-1", t.adminToken).json().get("recent_faults"));
    } catch (Exception e) {
      return "";
    }
  }
}
