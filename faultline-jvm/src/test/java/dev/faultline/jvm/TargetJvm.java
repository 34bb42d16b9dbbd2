package dev.faultline.jvm;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@code TargetService} child JVM on a given JDK, and requests to it. */
public final class TargetJvm implements AutoCloseable {
  /** JDK homes the attach tests run targets on: this build's, and JDK 25. */
  public static Path jdk17() {
    return Path.of(System.getProperty("java.home"));
  }

  public static Path jdk25() {
    Path p = Path.of(System.getProperty("faultline.test.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
    if (!Files.isExecutable(p.resolve("bin/java"))) {
      throw new IllegalStateException("JDK 25 not found at " + p + "; install it or set -Dfaultline.jdk25=PATH");
    }
    return p;
  }

  /** The reply to one request and how long it took. */
  public record Reply(int status, String body, long elapsedMs) {}

  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final StringBuilder stderr = new StringBuilder();

  private TargetJvm(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static TargetJvm start(Path javaHome, String... jvmArgs) throws IOException {
    return start(javaHome, targetClassPath(), jvmArgs);
  }

  /**
   * A target whose class path lacks the test class file {@code relative} (e.g.
   * {@code dev/faultline/jvm/target/broken/Missing.class}): the test classes are copied without it.
   */
  static TargetJvm startWithout(Path javaHome, String relative, String... jvmArgs) throws IOException {
    List<String> entries = new ArrayList<>();
    for (String e : targetClassPath().split(File.pathSeparator)) {
      if (!e.endsWith("test-classes")) {
        entries.add(e);
        continue;
      }
      Path from = Path.of(e);
      Path copy = Files.createTempDirectory("faultline-target-classes");
      try (var files = Files.walk(from)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Path to = copy.resolve(from.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(to);
          } else if (!from.relativize(f).toString().equals(relative)) {
            Files.copy(f, to);
          }
        }
      }
      entries.add(copy.toString());
    }
    return start(javaHome, String.join(File.pathSeparator, entries), jvmArgs);
  }

  private static TargetJvm start(Path javaHome, String classPath, String... jvmArgs) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaHome.resolve("bin/java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:+EnableDynamicAgentLoading"); // JDK 21+: no warning on attach; ignored by 17
    cmd.add("-XX:+IgnoreUnrecognizedVMOptions");
    cmd.addAll(List.of(jvmArgs));
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add("dev.faultline.jvm.target.TargetService");
    Process p = new ProcessBuilder(cmd).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("PORT ")) {
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      p.destroyForcibly();
      throw new IOException("target JVM did not start: " + line + " " + err);
    }
    TargetJvm t = new TargetJvm(p, Integer.parseInt(line.substring(5).trim()));
    Thread drain = new Thread(() -> t.drainStderr(), "target-stderr");
    drain.setDaemon(true);
    drain.start();
    return t;
  }

  private void drainStderr() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        synchronized (stderr) {
          stderr.append(l).append('\n');
        }
      }
    } catch (IOException ignored) {
      // process ended
    }
  }

  String stderr() {
    synchronized (stderr) {
      return stderr.toString();
    }
  }

  /** Test classes plus the fault-point library: just what the service needs. */
  private static String targetClassPath() {
    List<String> keep = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (e.endsWith("test-classes") || e.contains("faultline-faultpoint")) {
        keep.add(e);
      }
    }
    return String.join(File.pathSeparator, keep);
  }

  public long pid() {
    return process.pid();
  }

  Process process() {
    return process;
  }

  public Reply get(String path) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body(), (System.nanoTime() - t0) / 1_000_000);
  }

  /** Waits for the process to end; its exit code, or -1 after {@code seconds}. */
  int awaitExit(int seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
