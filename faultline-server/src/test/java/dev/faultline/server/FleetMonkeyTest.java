package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.fleet.agent.FleetAgent;
import dev.faultline.server.TestServer.Response;
import dev.faultline.server.continuous.ContinuousSettings;
import dev.faultline.server.continuous.schedule.EventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Chaos Monkey picks its victim among the fleet's connected agents that carry the service's
 * tags (real agents over the real protocol), and falls back to its static {@code instances} when
 * none is connected.
 */
class FleetMonkeyTest {
  @Test
  void theMonkeyPicksAConnectedAgentCarryingTheServicesTagsElseItsStaticInstances(@TempDir Path dir)
      throws Exception {
    Instant start = Instant.parse("2026-06-01T00:00:00Z"); // a Monday
    ContinuousFixtures.MutableClock clock = new ContinuousFixtures.MutableClock(start);
    List<String> log = new CopyOnWriteArrayList<>();
    try (TestServer t = TestServer.start(dir, c -> c.withAgentHeartbeatMs(500).withContinuous(
        ContinuousSettings.defaults().withClock(clock).withSchedulerRunning(false).withMonkeySeed(11L)));
        ContinuousFixtures.Health health = new ContinuousFixtures.Health()) {
      String cart = ContinuousFixtures.service("cart", "shop", 0, health.url()).strip(); // tags {"app": "cart"}
      cart = cart.substring(0, cart.length() - 1) + ", \"monkey\": {\"meanTimeBetweenKillsInWorkDays\": 1, "
          + "\"minTimeBetweenKillsInWorkDays\": 0, \"instances\": [\"static-cart-1\"]}}";
      Response created = t.call("POST", "/api/v1/services", t.adminToken, cart);
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String agentToken = t.token("agent");
      FleetAgent other = FleetTest.agent(t, dir, agentToken, "search-1", Map.of("app", "search"), log);
      try (FleetAgent a = FleetTest.agent(t, dir, agentToken, "cart-a", Map.of("app", "cart", "zone", "a"), log);
           FleetAgent b = FleetTest.agent(t, dir, agentToken, "cart-b", Map.of("app", "cart", "zone", "b"), log)) {
        FleetTest.await(() -> a.connected() && b.connected() && other.connected(), "three agents connected: " + log);
        Instant week = start.plus(Duration.ofDays(7));
        tickUntil(t, clock, start, week);
        List<EventStore.Event> kills = t.server.continuous().events().ofService("cart", 100);
        assertThat(kills).as("a leashed kill each workday").hasSize(5).allSatisfy(e -> {
          assertThat(e.kind()).isEqualTo(EventStore.MONKEY_LEASHED);
          assertThat(e.detail()).containsPattern("would kill instance cart-[ab]\\b");
        });
        assertThat(kills).as("both tagged agents are drawn over a week")
            .anySatisfy(e -> assertThat(e.detail()).contains("cart-a"))
            .anySatisfy(e -> assertThat(e.detail()).contains("cart-b"));
      } finally {
        other.close();
      }
      // no agent of the service connected: the static list is the fallback
      FleetTest.await(() -> t.server.agents().connected().isEmpty(), "agents gone");
      tickUntil(t, clock, start.plus(Duration.ofDays(7)), start.plus(Duration.ofDays(9)));
      List<EventStore.Event> later = t.server.continuous().events().ofService("cart", 100);
      assertThat(later).hasSize(7);
      assertThat(later.subList(0, 2)).allSatisfy(e -> assertThat(e.detail()).contains("would kill instance static-cart-1"));
    }
  }

  private static void tickUntil(TestServer t, ContinuousFixtures.MutableClock clock, Instant from, Instant to) {
    for (Instant now = from; now.isBefore(to); now = now.plus(Duration.ofMinutes(30))) {
      clock.set(now);
      t.server.continuous().scheduler().tick();
    }
  }
}
