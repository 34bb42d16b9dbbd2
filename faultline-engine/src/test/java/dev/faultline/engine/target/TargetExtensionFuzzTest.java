package dev.faultline.engine.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.core.experiment.Activity;
import dev.faultline.core.experiment.Experiment;
import dev.faultline.core.experiment.Step;
import dev.faultline.core.problem.Problem;
import dev.faultline.core.target.FaultTarget;
import dev.faultline.core.target.Target;
import dev.faultline.core.target.TargetSelection;
import dev.faultline.core.target.TargetSelector;
import dev.faultline.engine.Engine;
import dev.faultline.engine.load.Document;
import dev.faultline.engine.load.DocumentLoader;
import dev.faultline.engine.validate.Overrides;
import dev.faultline.engine.validate.ValidationResult;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded, bounded fuzzing of the target extension's JSON: {@value #DEFAULT_COUNT} experiments
 * whose fault activities carry random {@code target}, {@code unsafe} and {@code rollout} values
 * (right and wrong types, bounds, unknown keys, substitutions, misplaced activities). Properties:
 * a valid experiment or located one-line errors, never an exception; a target with an unknown key
 * is never valid (it could widen the blast radius); every valid target reads back at run time and
 * its selection over a random fleet stays inside its bounds and repeats with its seed.
 *
 * <p>Input {@code i} is made from {@code Random(seed + i)}; {@code -Dfuzz.seed=S -Dfuzz.count=N}
 * reproduces a failure, whose input is written to {@code target/fuzz-failures/} (copy it to
 * {@code src/test/resources/fuzz-regressions/} to keep it).
 */
class TargetExtensionFuzzTest {
  static final int DEFAULT_COUNT = 1_000;
  private static final long DEFAULT_SEED = 20_261_205_12L;
  private static final long MAX_RUN_NANOS = 60_000_000_000L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Engine ENGINE = Engine.standard();
  private static final List<String> TARGET_KEYS = List.of("tags", "names", "count", "percent", "mode", "seed");

  @Test
  void randomTargetsAreValidOrLocatedProblemsAndValidOnesSelectWithinTheirBounds() throws Exception {
    long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
    int count = Integer.getInteger("fuzz.count", DEFAULT_COUNT);
    long start = System.nanoTime();
    int valid = 0;
    int withUnknownKey = 0;
    for (int i = 0; i < count; i++) {
      assertThat(System.nanoTime() - start).as("fuzz time after %d inputs", i).isLessThan(MAX_RUN_NANOS);
      long inputSeed = seed + i;
      Input input = make(new Random(inputSeed));
      byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(input.experiment());
      try {
        valid += check(bytes, input, inputSeed) ? 1 : 0;
        withUnknownKey += input.unknownKey() ? 1 : 0;
      } catch (Throwable t) {
        Path dir = Path.of("target/fuzz-failures");
        Files.createDirectories(dir);
        Path saved = dir.resolve("targets-seed-" + inputSeed + ".json");
        Files.write(saved, bytes);
        throw new AssertionError("target fuzz input of seed " + inputSeed + " (saved as " + saved + "; rerun with "
            + "-Dfuzz.seed=" + inputSeed + " -Dfuzz.count=1) broke a property: " + t.getMessage(), t);
      }
    }
    System.out.printf(Locale.ROOT, "target fuzz: %d inputs (seed %d) in %.1f s, %d valid, %d with an unknown key%n",
        count, seed, (System.nanoTime() - start) / 1e9, valid, withUnknownKey);
    assertThat(valid).as("both outcomes are reached").isPositive().isLessThan(count);
    assertThat(withUnknownKey).isPositive();
  }

  record Input(Map<String, Object> experiment, boolean unknownKey) {}

  private static boolean check(byte[] bytes, Input input, long inputSeed) throws Exception {
    Document d = new DocumentLoader().parse("fuzz.json", bytes, DocumentLoader.Syntax.JSON);
    ValidationResult result = ENGINE.validate(d, Overrides.NONE);
    for (Problem p : result.problems()) {
      assertThat(p.location().line()).as("line of %s", p).isPositive();
      assertThat(p.location().column()).as("column of %s", p).isPositive();
      assertThat(p.message()).isNotBlank().doesNotContain("\n").doesNotContainIgnoringCase("exception");
    }
    if (!result.valid()) {
      assertThat(result.errors()).isNotEmpty();
      return false;
    }
    assertThat(input.unknownKey()).as("a target with an unknown key was accepted").isFalse();
    Experiment e = result.experiment().orElseThrow();
    List<Target> fleet = fleet(new Random(inputSeed ^ 0x5DEECE66DL));
    for (Step s : e.method()) {
      if (s instanceof Activity a && TargetReader.usesTarget(a)) {
        FaultTarget t = TargetReader.of(a).orElseThrow();
        TargetSelector sel = t.selector();
        long drawSeed = t.seed().orElse(inputSeed);
        TargetSelection first = sel.choose(fleet, drawSeed, Set.of("h-0"));
        assertThat(sel.choose(fleet, drawSeed, Set.of("h-0")).chosenIds()).as("same seed, same choice")
            .isEqualTo(first.chosenIds());
        assertThat(new HashSet<>(first.chosenIds())).as("no agent twice").hasSize(first.chosen().size());
        for (Target chosen : first.chosen()) {
          assertThat(sel.carriesTags(chosen)).isTrue();
          assertThat(sel.ids().isEmpty() || sel.ids().contains(chosen.id())).isTrue();
          assertThat(chosen.id()).isNotEqualTo("h-0");
        }
        if (sel.count() != null) {
          assertThat(first.chosen().size()).isLessThanOrEqualTo(sel.count());
        }
        if (sel.mode() == TargetSelector.Mode.ALL) {
          assertThat(first.chosen().size() + first.excluded().size()).isEqualTo(first.matching());
        }
        List<Integer> sizes = t.rollout().sizes(first.chosen().size());
        for (int i = 1; i < sizes.size(); i++) {
          assertThat(sizes.get(i)).isGreaterThan(sizes.get(i - 1));
        }
        assertThat(sizes.isEmpty() || sizes.get(sizes.size() - 1) <= first.chosen().size()).isTrue();
      }
    }
    return true;
  }

  private static List<Target> fleet(Random r) {
    List<Target> agents = new ArrayList<>();
    int n = r.nextInt(60);
    for (int i = 0; i < n; i++) {
      agents.add(new Target("h-" + i, "agent", Map.of("service", pick(r, "checkout", "search", "cart"),
          "zone", pick(r, "a", "b", "c"))));
    }
    return agents;
  }

  private static Input make(Random r) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("title", "fuzz");
    root.put("description", "target extension fuzz");
    if (r.nextInt(3) > 0) {
      root.put("steady-state-hypothesis", Map.of("title", "up", "probes", List.of(Map.of("type", "probe",
          "name", "up", "tolerance", true, "provider", Map.of("type", "tcp", "host", "127.0.0.1", "port", 8080,
              "output", "boolean")))));
    }
    List<Object> method = new ArrayList<>();
    boolean unknown = false;
    int activities = 1 + r.nextInt(3);
    for (int i = 0; i < activities; i++) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("type", "action");
      a.put("name", "a" + i);
      a.put("provider", r.nextInt(8) == 0 ? Map.of("type", "tcp", "host", "127.0.0.1", "port", 1)
          : Map.of("type", "fault", "fault", "proxy-latency", "parameters", Map.of("proxy", "edge", "latencyMs", 10)));
      if (r.nextInt(10) > 0) {
        Object target = r.nextInt(12) == 0 ? junk(r) : target(r);
        if (target instanceof Map<?, ?> m) {
          for (Object k : m.keySet()) {
            unknown |= !TARGET_KEYS.contains(String.valueOf(k));
          }
        }
        a.put("target", target);
      }
      if (r.nextInt(3) == 0) {
        a.put("unsafe", r.nextInt(4) == 0 ? junk(r) : r.nextBoolean());
      }
      if (r.nextInt(3) == 0) {
        a.put("rollout", rollout(r));
      }
      method.add(a);
    }
    root.put("method", method);
    if (r.nextInt(10) == 0) {
      root.put("rollbacks", List.of(Map.of("type", "action", "name", "rb", "provider", Map.of("type", "fault",
          "fault", "proxy-latency", "parameters", Map.of("proxy", "edge", "latencyMs", 10)),
          "target", Map.of("count", 1))));
    }
    return new Input(root, unknown);
  }

  private static Map<String, Object> target(Random r) {
    Map<String, Object> t = new LinkedHashMap<>();
    if (r.nextInt(4) > 0) {
      Map<String, Object> tags = new LinkedHashMap<>();
      int n = r.nextInt(3);
      for (int i = 0; i < n; i++) {
        tags.put(r.nextInt(10) == 0 ? pick(r, "", "${k}") : pick(r, "service", "zone"), r.nextInt(12) == 0 ? junk(r)
            : r.nextInt(10) == 0 ? pick(r, "", "${zone}") : pick(r, "checkout", "search", "a", "b"));
      }
      t.put("tags", r.nextInt(20) == 0 ? junk(r) : tags);
    }
    if (r.nextInt(4) == 0) {
      List<Object> names = new ArrayList<>();
      int n = r.nextInt(5);
      for (int i = 0; i < n; i++) {
        names.add(r.nextInt(15) == 0 ? junk(r) : "h-" + r.nextInt(70));
      }
      t.put("names", names);
    }
    if (r.nextInt(2) == 0) {
      t.put("count", r.nextInt(10) == 0 ? junk(r) : r.nextInt(30) - 1);
    }
    if (r.nextInt(3) == 0) {
      t.put("percent", r.nextInt(5) == 0 ? junk(r) : r.nextInt(130) - 10);
    }
    if (r.nextInt(2) == 0) {
      t.put("mode", r.nextInt(10) == 0 ? junk(r) : pick(r, "random", "all"));
    }
    if (r.nextInt(3) == 0) {
      t.put("seed", r.nextInt(5) == 0 ? junk(r) : r.nextLong());
    }
    if (r.nextInt(15) == 0) {
      t.put(pick(r, "tag", "name", "Count", "zone", "unsafe"), junk(r));
    }
    return t;
  }

  private static Object rollout(Random r) {
    if (r.nextInt(8) == 0) {
      return junk(r);
    }
    List<Object> steps = new ArrayList<>();
    int n = r.nextInt(5);
    int c = 0;
    int p = 0;
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(6)) {
        case 0 -> steps.add(junk(r));
        case 1, 2 -> {
          c += r.nextInt(4) - (r.nextInt(6) == 0 ? 3 : 0);
          steps.add(c);
        }
        default -> {
          p += r.nextInt(40) - (r.nextInt(6) == 0 ? 30 : 0);
          steps.add(p + "%");
        }
      }
    }
    return steps;
  }

  private static Object junk(Random r) {
    return switch (r.nextInt(11)) {
      case 0 -> null;
      case 1 -> r.nextBoolean();
      case 2 -> r.nextDouble() * 100;
      case 3 -> new BigInteger(90, r);
      case 4 -> Long.MIN_VALUE + r.nextInt(3);
      case 5 -> List.of(1, "x");
      case 6 -> Map.of("a", 1);
      case 7 -> "";
      case 8 -> "12%%";
      case 9 -> "\n\u0000";
      default -> r.nextInt();
    };
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... options) {
    return options[r.nextInt(options.length)];
  }
}
