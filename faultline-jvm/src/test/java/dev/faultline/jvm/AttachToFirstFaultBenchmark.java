package dev.faultline.jvm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * From "attach to JVM N" to the first request that sees the fault: a fresh target JVM per
 * iteration, attach, add a throw rule, then request until the service answers 500.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(1)
public class AttachToFirstFaultBenchmark {
  @Param({"17", "25"})
  public String jdk;

  private TargetJvm target;
  private Path stateDir;

  @Setup(Level.Iteration)
  public void startTarget() throws Exception {
    stateDir = Files.createTempDirectory("faultline-bench-state");
    target = TargetJvm.start(jdk.equals("25") ? TargetJvm.jdk25() : TargetJvm.jdk17());
    target.get("/greet");
  }

  @TearDown(Level.Iteration)
  public void stopTarget() {
    target.close();
  }

  @Benchmark
  public int attachAddAndObserve() throws Exception {
    JvmAgentClient agent = JvmAgentClient.forPid(target.pid(), stateDir);
    agent.add(JvmRule.throwing("java.lang.IllegalStateException", "bench").on("dev.faultline.jvm.target.Greeter", "greet"));
    for (int i = 0; i < 1000; i++) {
      int status = target.get("/greet").status();
      if (status == 500) {
        return i;
      }
    }
    throw new IllegalStateException("the fault never showed");
  }
}
