package dev.faultline.jvm.bench;

import dev.faultline.jvm.JvmAgentClient;
import dev.faultline.jvm.JvmRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-call time of {@link BenchTarget#work} in a JVM running the agent (loaded with -javaagent by
 * {@link AgentBenchmarks}): never instrumented, instrumented by a latency rule with probability 0,
 * and after that rule was cleared.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class CallOverheadBenchmark {
  @Param({"never-instrumented", "probability-0", "after-clear"})
  public String mode;

  private final BenchTarget target = new BenchTarget();
  private int i;

  @Setup
  public void setUp() throws Exception {
    target.work(1); // load the class before the rule is checked against loaded classes
    if (mode.equals("never-instrumented")) {
      return;
    }
    Path stateDir = Path.of(System.getProperty("faultline.bench.stateDir"));
    JvmAgentClient agent = JvmAgentClient.existing(ProcessHandle.current().pid(), stateDir).orElseThrow();
    int id = agent.add(JvmRule.latency(Duration.ofMillis(50), Duration.ZERO)
        .on(BenchTarget.class.getName(), "work").probability(0.0));
    int instrumented = agent.rules().get(0).instrumentedClasses();
    if (instrumented != 1) {
      throw new IllegalStateException("the rule instrumented " + instrumented + " classes, expected 1");
    }
    if (mode.equals("after-clear")) {
      agent.clear(id);
    }
  }

  @Benchmark
  public int call() {
    return target.work(i++);
  }
}
