package dev.faultline.host.guard;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.core.fault.FaultException;
import dev.faultline.host.state.OwnerLock;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The owner's side of the {@link Guardian}: one guardian per process (not per attack), started in
 * its own session ({@code setsid}: a Ctrl-C or hangup aimed at the owner does not reach it), with a
 * pipe from this process as its standard input. The pipe's write end stays open for the life of
 * this process, so its end of file is the guardian's news that the owner is gone. Each state
 * directory this process records into gets this process's {@link OwnerLock} and a {@code watch}
 * line, sent before the first record there is written.
 */
public final class GuardianLauncher {
  /** How long a guardian may take to start on a busy machine. */
  static final long START_TIMEOUT_S = 30;
  private static final GuardianLauncher PROCESS = new GuardianLauncher();
  private final Set<Path> announced = new HashSet<>();
  private Process guardian;
  private OutputStream pipe; // held: if it were collected, its cleaner would close the pipe

  private GuardianLauncher() {}

  /** This process's launcher. */
  public static GuardianLauncher forThisProcess() {
    return PROCESS;
  }

  /** The running guardian's pid, or -1. */
  public synchronized long guardianPid() {
    return guardian != null && guardian.isAlive() ? guardian.pid() : -1;
  }

  /**
   * Makes sure a guardian watches this process's records in {@code stateDirectory} (starting one
   * if none runs: the first time, or after someone killed it) and returns the owner id to write
   * into them.
   *
   * @throws FaultException no guardian could be started; the caller must apply nothing
   */
  public synchronized String guard(Path stateDirectory) throws FaultException {
    Path dir = stateDirectory.toAbsolutePath().normalize();
    OwnerLock lock;
    try {
      lock = OwnerLock.of(dir);
    } catch (RuntimeException e) {
      throw new FaultException(e.getMessage() + "; nothing was applied", e);
    }
    boolean fresh = guardian == null || !guardian.isAlive();
    if (fresh) {
      start(dir, lock);
    }
    List<Path> lines = new ArrayList<>();
    if (fresh) {
      lines.addAll(announced); // a replacement (someone killed the last one) watches them all again
    }
    if (!lines.contains(dir) && !(announced.contains(dir) && !fresh)) {
      lines.add(dir);
    }
    try {
      for (Path d : lines) {
        pipe.write(("watch " + d + "\t" + OwnerLock.of(d).ownerId() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      pipe.flush();
    } catch (IOException e) {
      throw new FaultException("could not reach the guardian process " + guardian.pid() + ": " + e.getMessage()
          + "; nothing was applied", e);
    }
    announced.add(dir);
    return lock.ownerId();
  }

  private void start(Path dir, OwnerLock lock) throws FaultException {
    Path log = dir.resolve("guardians").resolve(lock.ownerId() + ".log");
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx24m", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
        "-cp", classPath(), Guardian.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(command).directory(new File("/"));
    pb.environment().remove("JAVA_TOOL_OPTIONS"); // an agent meant for the owner must not load here
    pb.environment().remove("FAULTLINE_ATTACK"); // not a helper of any attack: halt must not kill it
    try {
      Files.createDirectories(log.getParent());
      pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Process p = pb.start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String first = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (IOException e) {
          return null;
        }
      }).get(START_TIMEOUT_S, TimeUnit.SECONDS);
      if (!"READY".equals(first)) {
        p.destroyForcibly();
        throw new FaultException("the guardian process that reverts attacks if this process dies did not start (see "
            + log + "); nothing was applied");
      }
      guardian = p;
      pipe = p.getOutputStream();
    } catch (IOException e) {
      throw new FaultException("could not start the guardian process that reverts attacks if this process dies: "
          + e.getMessage() + "; nothing was applied", e);
    } catch (TimeoutException e) {
      throw new FaultException("the guardian process did not start within " + START_TIMEOUT_S + " s (see " + log
          + "); nothing was applied");
    } catch (ExecutionException e) {
      throw new FaultException("the guardian process failed to start: " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaultException("interrupted while starting the guardian process; nothing was applied");
    }
  }

  /** The code sources the guardian needs: this module, core and Jackson (one jar when bundled). */
  private static String classPath() {
    Set<String> entries = new LinkedHashSet<>();
    for (Class<?> c : List.of(Guardian.class, FaultException.class, ObjectMapper.class, JsonFactory.class, JsonTypeInfo.class)) {
      try {
        entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (URISyntaxException | RuntimeException e) {
        return System.getProperty("java.class.path");
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
