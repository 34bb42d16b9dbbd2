package dev.faultline.engine.bench;

import dev.faultline.engine.Engine;
import dev.faultline.engine.provider.EngineSettings;
import dev.faultline.engine.validate.Overrides;
import dev.faultline.engine.validate.ValidationResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Validation must stay linear in the document: validates experiments of 5,000 and 50,000
 * activities (each kind: empty activities, which produce errors, and valid process actions with
 * refs to them) and prints the time, the ratio 50,000 / 5,000 (10 means linear) and the peak heap.
 * Not a test: figures go to reports and docs, never into asserts.
 *
 * <p>Run (from the repository root, after {@code mvn -o -q -pl faultline-engine -am test-compile}):
 * {@code java -Xmx1g -cp "faultline-engine/target/test-classes:faultline-engine/target/classes:$CP"
 * dev.faultline.engine.bench.ValidationScalingBenchmark} where CP is the engine's test class path.
 */
public final class ValidationScalingBenchmark {
  private ValidationScalingBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("faultline-validation-bench");
    Engine engine = Engine.standard(new EngineSettings(Optional.empty()));
    for (String kind : new String[] {"empty", "valid"}) {
      measure(engine, dir, kind, 1_000); // warm-up
      double small = measure(engine, dir, kind, 5_000);
      resetPeaks();
      double large = measure(engine, dir, kind, 50_000);
      System.out.printf(Locale.ROOT, "%s activities: 5,000 in %.2f s; 50,000 in %.2f s; ratio %.1f (linear = 10); "
          + "peak heap %d MiB%n", kind, small, large, large / small, peakHeapMiB());
    }
  }

  private static double measure(Engine engine, Path dir, String kind, int activities) throws IOException {
    Path file = dir.resolve(kind + "-" + activities + ".json");
    Files.writeString(file, experiment(kind, activities));
    var threads = ManagementFactory.getThreadMXBean();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long processCpuStart = os.getProcessCpuTime();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    ValidationResult result = engine.validate(file, Overrides.NONE);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    double processCpu = (os.getProcessCpuTime() - processCpuStart) / 1e9;
    // On a shared machine the wall time includes waiting for a core; the CPU times do not.
    System.out.printf(Locale.ROOT, "  %-5s %,7d activities: %.2f s wall (CPU: %.2f s this thread, %.2f s process "
        + "with GC), %s, %,d problems%n", kind, activities, seconds, cpu, processCpu,
        result.valid() ? "valid" : "invalid", result.problems().size());
    Files.delete(file);
    return seconds;
  }

  static String experiment(String kind, int activities) {
    StringBuilder s = new StringBuilder("{\n\"title\": \"scaling\",\n\"description\": \"validation scaling\",\n\"method\": [\n");
    for (int i = 0; i < activities; i++) {
      if (kind.equals("empty")) {
        s.append("{}");
      } else if (i % 2 == 0) {
        s.append("{\"type\": \"action\", \"name\": \"a").append(i)
            .append("\", \"provider\": {\"type\": \"process\", \"path\": \"true\", \"arguments\": [\"x\"]}, ")
            .append("\"pauses\": {\"after\": 0}}");
      } else {
        s.append("{\"ref\": \"a").append(i - 1).append("\"}");
      }
      s.append(i + 1 < activities ? ",\n" : "\n");
    }
    return s.append("]\n}\n").toString();
  }

  private static void resetPeaks() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeapMiB() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20;
  }
}
