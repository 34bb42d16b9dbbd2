package dev.faultline.engine.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one child process to its end: feeds its stdin, reads stdout and stderr concurrently (so a
 * process that writes a lot to both never blocks on a full pipe), and kills the whole process tree
 * on timeout or thread interrupt. Used by the process provider and the Python bridge.
 */
public final class ChildProcess {
  private static final AtomicInteger THREADS = new AtomicInteger();
  // Pipe readers block in read(); daemon threads so that a pipe held open by an orphaned
  // grandchild never keeps the JVM alive.
  private static final ExecutorService PIPES = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "faultline-child-pipe-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  /** util-linux {@code setsid}, when present, to start children in their own process group. */
  private static final Optional<java.nio.file.Path> SETSID = Executables.find("setsid");

  private ChildProcess() {}

  /** What a finished process left: its exit code and its output bytes. */
  public record Outcome(int exitCode, byte[] stdout, byte[] stderr) {
    /** stdout decoded as UTF-8, malformed bytes replaced. */
    public String stdoutText() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    /** stderr decoded as UTF-8, malformed bytes replaced. */
    public String stderrText() {
      return new String(stderr, StandardCharsets.UTF_8);
    }
  }

  /**
   * Starts {@code builder} (its redirects are replaced by pipes), writes {@code stdin} then closes
   * it, and waits for the process and its output.
   *
   * @param timeout how long the process may run, output included; empty waits as long as it takes
   * @throws TimeoutException when the timeout passed; the process tree has been killed
   * @throws InterruptedException when the thread was interrupted; the process tree has been killed
   * @throws IOException when the process cannot start
   */
  public static Outcome run(ProcessBuilder builder, byte[] stdin, Optional<Duration> timeout)
      throws IOException, InterruptedException, TimeoutException {
    builder.redirectInput(ProcessBuilder.Redirect.PIPE)
        .redirectOutput(ProcessBuilder.Redirect.PIPE)
        .redirectError(ProcessBuilder.Redirect.PIPE);
    SETSID.ifPresent(setsid -> {
      // Its own process group, so a kill reaches descendants that outlived their parent (an
      // `sh -c "x &"` whose shell already exited) and would otherwise keep the pipes open.
      List<String> command = new java.util.ArrayList<>(builder.command());
      command.addAll(0, List.of(setsid.toString(), "--wait"));
      builder.command(command);
    });
    Process process = builder.start();
    long deadline = System.nanoTime() + timeout.map(Duration::toNanos).orElse(Long.MAX_VALUE / 2);
    Future<byte[]> stdout = PIPES.submit(() -> readAll(process.getInputStream()));
    Future<byte[]> stderr = PIPES.submit(() -> readAll(process.getErrorStream()));
    PIPES.submit(() -> writeAndClose(process.getOutputStream(), stdin));
    try {
      if (timeout.isPresent()) {
        if (!process.waitFor(remaining(deadline), TimeUnit.NANOSECONDS)) {
          throw new TimeoutException("process did not end within " + timeout.get());
        }
      } else {
        process.waitFor();
      }
      // A descendant may still hold the pipes open after the process ended; the deadline covers it.
      byte[] out = await(stdout, deadline);
      byte[] err = await(stderr, deadline);
      return new Outcome(process.exitValue(), out, err);
    } catch (InterruptedException e) {
      killTree(process);
      throw e;
    } catch (TimeoutException e) {
      killTree(process);
      throw e;
    }
  }

  /**
   * Kills the descendants of {@code process}, then the process itself, then (when it was started
   * in its own process group) whatever is left of its group, without waiting.
   */
  public static void killTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    descendants.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    if (SETSID.isPresent()) {
      try {
        new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid())
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      } catch (IOException e) {
        // no kill(1): the descendants seen above are all we can reach
      }
    }
  }

  private static byte[] await(Future<byte[]> pipe, long deadline) throws InterruptedException, TimeoutException {
    try {
      return pipe.get(remaining(deadline), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | CancellationException e) {
      // The stream broke (closed under us): what was read is lost, report nothing rather than fail.
      return new byte[0];
    }
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  private static Void writeAndClose(OutputStream out, byte[] bytes) {
    try (out) {
      out.write(bytes);
    } catch (IOException e) {
      // The process closed its stdin or ended before reading everything: that is its choice.
    }
    return null;
  }
}
