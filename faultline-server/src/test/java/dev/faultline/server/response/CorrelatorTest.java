package dev.faultline.server.response;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.response.Correlator.RunWindow;
import dev.faultline.server.signal.InboundSignal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hashed correlation gives exactly what checking every signal against every run gives. */
class CorrelatorTest {
  @Test
  void matchesTheObviousQuadraticDefinition() {
    Random random = new Random(1505);
    List<RunWindow> runs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      long from = random.nextInt(100_000);
      runs.add(new RunWindow("run_" + i, random.nextInt(5) == 0 ? new java.util.HashSet<>() : new java.util.HashSet<>(List.of("s" + random.nextInt(8), "s" + random.nextInt(8))),
          new java.util.HashSet<>(List.of("t" + random.nextInt(4))), from, from + random.nextInt(20_000)));
    }
    List<InboundSignal> signals = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      Map<String, String> labels = new LinkedHashMap<>();
      if (random.nextBoolean()) {
        labels.put("service", "s" + random.nextInt(10));
      }
      if (random.nextInt(3) == 0) {
        labels.put("team", "t" + random.nextInt(6));
      }
      if (random.nextInt(10) == 0) {
        labels.put(Correlator.RUN_LABEL, "run_" + random.nextInt(250));
      }
      signals.add(new InboundSignal("generic", InboundSignal.Kind.ALERT_FIRING, "k" + i, "A", labels,
          Instant.ofEpochMilli(random.nextInt(130_000)), Instant.EPOCH));
    }
    Map<String, List<InboundSignal>> expected = new LinkedHashMap<>();
    for (InboundSignal s : signals) {
      for (RunWindow r : runs) {
        long at = s.occurredAt().toEpochMilli();
        boolean named = r.runId().equals(s.labels().get(Correlator.RUN_LABEL))
            || r.services().contains(s.labels().getOrDefault("service", "")) || r.teams().contains(s.labels()
            .getOrDefault("team", ""));
        if (named && at >= r.fromMs() && at <= r.toMs()) {
          expected.computeIfAbsent(r.runId(), k -> new ArrayList<>()).add(s);
        }
      }
    }
    Map<String, List<InboundSignal>> actual = Correlator.correlate(runs, signals);
    assertThat(actual).isEqualTo(expected);
    assertThat(expected.values().stream().mapToInt(List::size).sum()).isGreaterThan(100);
  }
}
