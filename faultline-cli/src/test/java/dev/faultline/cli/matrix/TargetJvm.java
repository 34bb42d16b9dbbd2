package dev.faultline.cli.matrix;

import dev.faultline.cli.JvmCliTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real target JVM ({@link JvmCliTarget}: prints {@code beat}, or {@code error: MESSAGE} while a
 * throw rule is active, every 20 ms). The last line printed tells whether a rule is in effect.
 */
final class TargetJvm implements AutoCloseable {
  static final String MESSAGE = "matrix";

  private final Process process;
  private volatile String lastLine = "";
  private volatile long lastLineNanos = System.nanoTime();

  TargetJvm() throws IOException {
    process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-cp", Path.of("target", "test-classes").toAbsolutePath().toString(),
        JvmCliTarget.class.getName()).start();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lastLine = line;
          lastLineNanos = System.nanoTime();
        }
      } catch (IOException ignored) {
        // the target ended
      }
    }, "matrix-target-jvm");
    reader.setDaemon(true);
    reader.start();
  }

  long pid() {
    return process.pid();
  }

  /**
   * Whether the throw rule is in effect: the last line, printed within the last second, is the
   * rule's error. A target that stopped printing is an error, not "reverted".
   */
  boolean ruleInEffect() {
    if (System.nanoTime() - lastLineNanos > TimeUnit.SECONDS.toNanos(5)) {
      throw new IllegalStateException("the target JVM " + process.pid() + " printed nothing for 5 s (last: '"
          + lastLine + "', alive: " + process.isAlive() + ")");
    }
    return lastLine.equals("error: " + MESSAGE);
  }

  /** Waits (at most 20 s) until the target printed its first beat. */
  void awaitFirstBeat() throws InterruptedException {
    for (int i = 0; i < 400 && !lastLine.equals("beat"); i++) {
      Thread.sleep(50);
    }
    if (!lastLine.equals("beat")) {
      throw new IllegalStateException("the target JVM did not start printing beats within 20 s");
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
