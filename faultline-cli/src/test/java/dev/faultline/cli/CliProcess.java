package dev.faultline.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code faultline} command run as a real child JVM ({@code java -cp <test class path>
 * dev.faultline.cli.Main ARGS}) in a chosen working directory, with its standard output and error
 * captured while it runs. Every wait is bounded; {@link #close()} kills whatever is still running.
 */
final class CliProcess implements AutoCloseable {
  /** Long enough for any short command on a busy 2-core machine; short commands take ~1 s. */
  static final Duration SHORT_COMMAND = Duration.ofSeconds(30);

  private final Process process;
  private final Capture stdout;
  private final Capture stderr;

  private CliProcess(Process process) {
    this.process = process;
    this.stdout = new Capture(process.getInputStream(), "stdout of faultline " + process.pid());
    this.stderr = new Capture(process.getErrorStream(), "stderr of faultline " + process.pid());
  }

  /** Starts {@code faultline ARGS} in {@code workingDirectory}; stdin is empty. */
  static CliProcess start(Path workingDirectory, String... args) {
    return start(java.util.Map.of(), workingDirectory, args);
  }

  /** As {@link #start(Path, String...)}, with extra environment variables. */
  static CliProcess start(java.util.Map<String, String> environment, Path workingDirectory, String... args) {
    List<String> command = new ArrayList<>();
    if (SignalDisposition.inheritedIgnoredInterrupts()) {
      // A JVM started with SIGINT/SIGTERM ignored (e.g. a build launched in the background by a
      // non-interactive shell) cannot handle them; reset them to what a terminal user's shell gives.
      command.addAll(List.of("env", "--default-signal=INT,TERM"));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Lighter JIT and GC: these runs are short and share 2 cores with the test JVM.
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
        // Surefire sets java.class.path to the test class path, which holds the CLI and all it needs.
        System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().put("NO_COLOR", "1");
    builder.environment().putAll(environment);
    try {
      return new CliProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** Runs {@code faultline ARGS} to its end (at most {@link #SHORT_COMMAND}) and returns it. */
  static CliProcess run(Path workingDirectory, String... args) {
    CliProcess cli = start(workingDirectory, args);
    cli.waitFor(SHORT_COMMAND);
    return cli;
  }

  /**
   * Waits for the process to exit, at most {@code limit}; on timeout the process (and its
   * descendants) are destroyed and an {@link AssertionError} names what it printed so far.
   */
  CliProcess waitFor(Duration limit) {
    try {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        close();
        throw new AssertionError("faultline did not exit within " + limit + "; killed it.\nstdout:\n" + stdout()
            + "\nstderr:\n" + stderr());
      }
      stdout.join();
      stderr.join();
      return this;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new AssertionError("interrupted while waiting for faultline", e);
    }
  }

  /**
   * Waits until standard output contains {@code text} (at most {@code limit}), so a test can act
   * once the run reached a point; fails with the output so far when it does not appear.
   */
  CliProcess awaitStdout(String text, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      if (stdout().contains(text)) {
        return this;
      }
      if (!process.isAlive()) {
        stdout.join();
        if (stdout().contains(text)) {
          return this;
        }
        throw new AssertionError("faultline exited without printing '" + text + "'.\n" + describe());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("faultline did not print '" + text + "' within " + limit + ".\n" + describe());
      }
      sleepMs(20);
    }
  }

  /** Sends a signal by name ({@code INT}, {@code TERM}) with {@code kill -s SIG PID}. */
  void signal(String signalName) {
    try {
      Process kill = new ProcessBuilder("kill", "-s", signalName, Long.toString(process.pid()))
          .redirectErrorStream(true).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        throw new AssertionError("kill -s " + signalName + " did not return");
      }
      if (kill.exitValue() != 0) {
        throw new AssertionError("kill -s " + signalName + " " + process.pid() + " failed: "
            + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while signalling", e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Everything printed on standard output so far. */
  String stdout() {
    return stdout.text();
  }

  /** Everything printed on standard error so far. */
  String stderr() {
    return stderr.text();
  }

  /** Standard output followed by standard error, for assertion messages. */
  String describe() {
    return "exit " + (process.isAlive() ? "(running)" : process.exitValue()) + "\nstdout:\n" + stdout()
        + "\nstderr:\n" + stderr();
  }

  /** The exit code; the process must have exited ({@link #waitFor}). */
  int exitCode() {
    if (process.isAlive()) {
      throw new IllegalStateException("faultline is still running; call waitFor first");
    }
    return process.exitValue();
  }

  /** Kills the process and its descendants if they still run. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepMs(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Drains one output stream on its own thread so the child never blocks on a full pipe. */
  private static final class Capture {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Thread reader;

    Capture(InputStream in, String name) {
      reader = new Thread(() -> {
        byte[] buffer = new byte[8192];
        try (in) {
          for (int n; (n = in.read(buffer)) >= 0; ) {
            synchronized (bytes) {
              bytes.write(buffer, 0, n);
            }
          }
        } catch (IOException ignored) {
          // The process was destroyed; what was read so far is kept.
        }
      }, name);
      reader.setDaemon(true);
      reader.start();
    }

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }

    void join() {
      try {
        reader.join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Reads this JVM's ignored-signal mask, which children inherit across exec. */
  private static final class SignalDisposition {
    private static final long SIGINT_BIT = 1L << (2 - 1);
    private static final long SIGTERM_BIT = 1L << (15 - 1);

    static boolean inheritedIgnoredInterrupts() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
          if (line.startsWith("SigIgn:")) {
            long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
            return (mask & (SIGINT_BIT | SIGTERM_BIT)) != 0;
          }
        }
      } catch (IOException | NumberFormatException e) {
        // Not Linux: keep the plain command line.
      }
      return false;
    }
  }
}
