package dev.faultline.jvm.bench;

import dev.faultline.jvm.target.H2Service;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An H2 TCP database server ({@link H2Service}) in a child JVM on a given JDK, optionally with
 * many generated application classes loaded, and JDBC connections to it (loopback only).
 */
public final class H2Target implements AutoCloseable {
  private final Process process;
  private final int port;
  private final int loadedClasses;
  private final StringBuilder stderr = new StringBuilder();

  private H2Target(Process process, int port, int loadedClasses) {
    this.process = process;
    this.port = port;
    this.loadedClasses = loadedClasses;
  }

  /** Starts H2 on {@code javaHome}; with {@code generatedJar} it first loads {@code generated} classes from it. */
  public static H2Target start(Path javaHome, Path generatedJar, int generated) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString(), "-Xmx256m",
        "-XX:+EnableDynamicAgentLoading", "-XX:+IgnoreUnrecognizedVMOptions", "-cp", classPath(),
        H2Service.class.getName()));
    if (generatedJar != null) {
      cmd.add(generatedJar.toString());
      cmd.add(String.valueOf(generated));
    }
    Process p = new ProcessBuilder(cmd).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String portLine = out.readLine();
    String classesLine = out.readLine();
    if (portLine == null || !portLine.startsWith("PORT ") || classesLine == null || !classesLine.startsWith("CLASSES ")) {
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      p.destroyForcibly();
      throw new IOException("H2 did not start: " + portLine + " " + err);
    }
    H2Target t = new H2Target(p, Integer.parseInt(portLine.substring(5).trim()),
        Integer.parseInt(classesLine.substring(8).trim()));
    Thread drain = new Thread(t::drainStderr, "h2-stderr");
    drain.setDaemon(true);
    drain.start();
    return t;
  }

  /** Test classes plus H2: what the service needs. */
  private static String classPath() {
    List<String> keep = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (e.endsWith("test-classes") || e.contains(File.separator + "h2-") || e.contains("com/h2database")) {
        keep.add(e);
      }
    }
    return String.join(File.pathSeparator, keep);
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

  /** What the server printed on its standard error. */
  public String stderr() {
    synchronized (stderr) {
      return stderr.toString();
    }
  }

  public long pid() {
    return process.pid();
  }

  /** Classes loaded in the server when it reported ready. */
  public int loadedClasses() {
    return loadedClasses;
  }

  /** A JDBC connection to an in-memory database on the server (a fresh socket each time). */
  public Connection connect() throws SQLException {
    java.util.Properties props = new java.util.Properties();
    props.setProperty("user", "sa");
    props.setProperty("password", "");
    return new org.h2.Driver().connect("jdbc:h2:tcp://127.0.0.1:" + port + "/mem:faultline;DB_CLOSE_DELAY=-1", props);
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
