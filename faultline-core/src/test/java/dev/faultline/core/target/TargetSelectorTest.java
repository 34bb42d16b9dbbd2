package dev.faultline.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetSelectorTest {
  /** 12 agents: services checkout (0–7) and search (8–11), zones a (even) and b (odd). */
  static List<Target> fleet() {
    List<Target> agents = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      agents.add(new Target("agent-" + i, "agent", Map.of("service", i < 8 ? "checkout" : "search",
          "zone", i % 2 == 0 ? "a" : "b")));
    }
    return agents;
  }

  @Test
  void aCountDrawsThatManyAmongTheAgentsCarryingEveryTag() {
    TargetSelector s = new TargetSelector(Map.of("service", "checkout", "zone", "a"), List.of(), 2, null,
        TargetSelector.Mode.RANDOM);
    TargetSelection selection = s.choose(fleet(), 7L, Set.of());
    assertThat(selection.chosen()).hasSize(2).allSatisfy(t -> {
      assertThat(t.tags()).containsEntry("service", "checkout").containsEntry("zone", "a");
    });
    assertThat(selection.candidates()).isEqualTo(12);
    assertThat(selection.carryingTags()).isEqualTo(4);
    assertThat(selection.matching()).isEqualTo(4);
    assertThat(selection.seed()).isEqualTo(7L);
    assertThat(selection.sharePercent()).isEqualTo(50.0);
  }

  @Test
  void theSameSeedChoosesTheSameAgentsAndSeedsDiffer() {
    TargetSelector s = new TargetSelector(Map.of(), List.of(), 3, null);
    Set<List<String>> seen = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      List<String> first = s.choose(fleet(), seed, Set.of()).chosenIds();
      assertThat(s.choose(fleet(), seed, Set.of()).chosenIds()).isEqualTo(first);
      seen.add(first);
    }
    assertThat(seen).as("different seeds draw different agents").hasSizeGreaterThan(10);
  }

  @Test
  void aPercentIsRoundedUpAndAtLeastOne() {
    TargetSelector quarter = new TargetSelector(Map.of("service", "search"), List.of(), null, 25);
    assertThat(quarter.choose(fleet(), 1L, Set.of()).chosen()).hasSize(1); // 25 % of 4
    TargetSelector third = new TargetSelector(Map.of(), List.of(), null, 30);
    assertThat(third.choose(fleet(), 1L, Set.of()).chosen()).hasSize(4); // ceil(3.6)
  }

  @Test
  void modeAllTakesEveryMatchAndNamesNarrowIt() {
    TargetSelector all = new TargetSelector(Map.of("zone", "b"), List.of("agent-1", "agent-3", "agent-4"), null, null,
        TargetSelector.Mode.ALL);
    TargetSelection selection = all.choose(fleet(), 1L, Set.of());
    assertThat(selection.chosenIds()).containsExactlyInAnyOrder("agent-1", "agent-3"); // agent-4 is in zone a
    assertThat(selection.carryingTags()).isEqualTo(6);
  }

  @Test
  void excludedAgentsAreNeverDrawnButCountAsMatching() {
    TargetSelector s = new TargetSelector(Map.of("service", "search"), List.of(), 4, null);
    TargetSelection selection = s.choose(fleet(), 3L, Set.of("agent-9"));
    assertThat(selection.chosenIds()).hasSize(3).doesNotContain("agent-9");
    assertThat(selection.excluded()).extracting(Target::id).containsExactly("agent-9");
    assertThat(selection.matching()).isEqualTo(4);
  }

  @Test
  void nothingMatchingIsAnEmptySelection() {
    TargetSelector s = new TargetSelector(Map.of("service", "payments"), List.of(), 2, null);
    TargetSelection selection = s.choose(fleet(), 3L, Set.of());
    assertThat(selection.chosen()).isEmpty();
    assertThat(selection.sharePercent()).isZero();
  }

  @Test
  void contradictionsAreRefused() {
    assertThatThrownBy(() -> new TargetSelector(Map.of(), List.of(), 2, null, TargetSelector.Mode.ALL))
        .hasMessageContaining("mode all");
    assertThatThrownBy(() -> new TargetSelector(Map.of(), List.of(), 2, 10)).hasMessageContaining("not both");
    assertThatThrownBy(() -> new TargetSelector(Map.of(), List.of(), 0, null)).hasMessageContaining("at least 1");
  }

  @Test
  void rolloutSizesAreCumulativeGrowingAndClampedToTheSelection() {
    Rollout r = new Rollout(List.of(Rollout.Step.count(1), Rollout.Step.percent(10), Rollout.Step.percent(50)));
    assertThat(r.sizes(100)).containsExactly(1, 10, 50);
    assertThat(r.sizes(4)).as("10 %% of 4 is 1, no growth: left out").containsExactly(1, 2);
    assertThat(r.sizes(1)).containsExactly(1);
    assertThat(new Rollout(List.of(Rollout.Step.count(5), Rollout.Step.percent(100))).sizes(3)).containsExactly(3);
    assertThat(Rollout.NONE.sizes(7)).containsExactly(7);
    assertThat(Rollout.Step.percent(10).wireValue()).isEqualTo("10%");
  }
}
