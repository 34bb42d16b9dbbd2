package dev.faultline.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A public face of {@link CliProcess} for test packages below {@code dev.faultline.cli} (the revert
 * matrix in {@code dev.faultline.cli.matrix}): the same real child {@code faultline} JVM, bounded
 * waits and real signals, without widening {@link CliProcess} itself.
 */
public final class ChildFaultline implements AutoCloseable {
  private final CliProcess process;

  private ChildFaultline(CliProcess process) {
    this.process = process;
  }

  /** Starts {@code faultline ARGS} in {@code workingDirectory} with extra environment variables. */
  public static ChildFaultline start(Map<String, String> environment, Path workingDirectory, String... args) {
    return new ChildFaultline(CliProcess.start(environment, workingDirectory, args));
  }

  /** Waits for the exit, at most {@code limit}; on timeout kills it and throws an AssertionError. */
  public ChildFaultline waitFor(Duration limit) {
    process.waitFor(limit);
    return this;
  }

  /** Waits until standard output contains {@code text}, at most {@code limit}. */
  public ChildFaultline awaitStdout(String text, Duration limit) {
    process.awaitStdout(text, limit);
    return this;
  }

  /** Sends a signal by name ({@code INT}, {@code TERM}, {@code KILL}). */
  public void signal(String signalName) {
    process.signal(signalName);
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String stdout() {
    return process.stdout();
  }

  /** Exit code and both outputs, for assertion messages. */
  public String describe() {
    return process.describe();
  }

  public int exitCode() {
    return process.exitCode();
  }

  /** Kills the process and its (still attached) descendants. */
  @Override
  public void close() {
    process.close();
  }
}
