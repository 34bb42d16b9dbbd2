package dev.faultline.engine.bench;

import dev.faultline.core.experiment.Experiment;
import dev.faultline.core.experiment.ProviderSpec;
import dev.faultline.engine.Engine;
import dev.faultline.engine.load.DocumentLoader;
import dev.faultline.engine.provider.ActivityProvider;
import dev.faultline.engine.provider.EngineSettings;
import dev.faultline.engine.provider.ProviderRegistry;
import dev.faultline.engine.provider.ProviderValidation;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.run.RunControl;
import dev.faultline.engine.run.RunOptions;
import dev.faultline.engine.run.RunResult;
import dev.faultline.engine.validate.Overrides;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Engine overhead per activity: the time a run spends per activity beyond the activity's own work.
 * The activities call a provider that does nothing, so a run's time is all engine: pauses and
 * substitution, journal entries, timeline events, tolerance checks. The baseline is the same
 * provider called directly in a loop, measured in the same run.
 *
 * <p>Run: {@code scripts/bench.sh engine} (prints medians of 7 runs after 3 warm-ups).
 */
public final class EngineOverheadBenchmark {
  private static final int ACTIVITIES = 1000;

  /** A provider whose own work is nothing, so what is measured is the engine around it. */
  static final class NoopProvider implements ActivityProvider {
    @Override
    public String type() {
      return "noop";
    }

    @Override
    public void validate(ProviderSpec spec, ProviderValidation validation) {}

    @Override
    public Object run(Map<String, Object> properties, RunContext context) {
      return properties.get("arguments");
    }
  }

  public static void main(String[] args) throws Exception {
    NoopProvider noop = new NoopProvider();
    Engine engine = new Engine(ProviderRegistry.of(List.of(noop)), new EngineSettings(Optional.empty()));
    Experiment experiment = engine.validate(new DocumentLoader().parse("bench.json", experimentJson(),
        DocumentLoader.Syntax.JSON), Overrides.NONE).experiment().orElseThrow();
    int warmups = 3;
    int runs = 7;
    double[] perActivityUs = new double[runs];
    double[] baselineUs = new double[runs];
    for (int i = 0; i < warmups + runs; i++) {
      long start = System.nanoTime();
      RunResult r = engine.run(experiment, RunOptions.defaults(), new RunControl(), e -> {});
      long runNanos = System.nanoTime() - start;
      if (!"completed".equals(r.verdict())) {
        throw new IllegalStateException("benchmark run did not complete: " + r.verdict());
      }
      long baseStart = System.nanoTime();
      Map<String, Object> props = Map.of("arguments", Map.of("n", 1));
      for (int a = 0; a < ACTIVITIES + 2; a++) {
        noop.run(props, null);
      }
      long baseNanos = System.nanoTime() - baseStart;
      if (i >= warmups) {
        perActivityUs[i - warmups] = runNanos / 1e3 / (ACTIVITIES + 2);
        baselineUs[i - warmups] = baseNanos / 1e3 / (ACTIVITIES + 2);
      }
    }
    double median = median(perActivityUs);
    double base = median(baselineUs);
    System.out.printf(Locale.ROOT, "engine overhead per activity: median %.1f µs (runs: %s)%n", median,
        Arrays.toString(Arrays.stream(perActivityUs).map(v -> Math.round(v * 10) / 10.0).toArray()));
    System.out.printf(Locale.ROOT, "baseline (provider called directly): median %.3f µs per call%n", base);
    System.out.printf(Locale.ROOT, "ratio engine/direct: %.0fx; target: overhead <= 1000 µs per activity -> %s%n",
        median / base, median <= 1000 ? "MET" : "NOT MET");
  }

  private static String experimentJson() {
    StringBuilder method = new StringBuilder();
    for (int i = 0; i < ACTIVITIES; i++) {
      if (i > 0) {
        method.append(',');
      }
      method.append("{\"type\":\"action\",\"name\":\"a").append(i)
          .append("\",\"provider\":{\"type\":\"noop\",\"arguments\":{\"n\":\"${n}\",\"i\":").append(i)
          .append("}},\"pauses\":{\"after\":0}}");
    }
    return "{\"title\":\"overhead\",\"description\":\"d\",\"configuration\":{\"n\":1},"
        + "\"steady-state-hypothesis\":{\"title\":\"h\",\"probes\":[{\"type\":\"probe\",\"name\":\"h\",\"tolerance\":1,"
        + "\"provider\":{\"type\":\"noop\",\"arguments\":1}}]},\"method\":[" + method + "]}";
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  static List<Double> list(double[] values) {
    List<Double> l = new ArrayList<>();
    for (double d : values) {
      l.add(d);
    }
    return l;
  }
}
