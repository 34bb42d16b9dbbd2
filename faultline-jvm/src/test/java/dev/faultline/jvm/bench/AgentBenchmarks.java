package dev.faultline.jvm.bench;

import dev.faultline.jvm.AgentJar;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JVM agent benchmarks (BENCHMARKS.md, "JVM agent (issue 5)"). The overhead benchmark's
 * forks load the agent with -javaagent, as a target would; arguments are a JMH include regex
 * (default: all).
 */
public final class AgentBenchmarks {
  private AgentBenchmarks() {}

  public static void main(String[] args) throws Exception {
    Path stateDir = Files.createTempDirectory("faultline-bench-state");
    Options options = new OptionsBuilder()
        .include(args.length > 0 ? args[0] : "CallOverheadBenchmark|AttachToFirstFaultBenchmark")
        .jvmArgsAppend("-javaagent:" + AgentJar.locate() + "=stateDir=" + stateDir,
            "-Dfaultline.bench.stateDir=" + stateDir)
        .build();
    new Runner(options).run();
  }
}
