package dev.faultline.host.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the system tools host attacks drive ({@code nft}, {@code tc}, {@code ip}, {@code kill}). */
public final class Commands {
  private static final long TIMEOUT_MS = 10_000;
  private static final List<String> SYSTEM_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/local/bin");

  private Commands() {}

  /** Runs {@code command}, feeding {@code stdin} (may be null), and waits at most 10 s. */
  public static CommandResult run(List<String> command, String stdin) {
    ProcessBuilder pb = new ProcessBuilder(command);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new CommandResult(command, 127, "", "could not start " + command.get(0) + ": " + e.getMessage());
    }
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // the command exited without reading its input; its exit code says why
    }
    try {
      if (!p.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return new CommandResult(command, 124, "", "timed out after " + TIMEOUT_MS + " ms");
      }
      return new CommandResult(command, p.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return new CommandResult(command, 130, "", "interrupted");
    }
  }

  /** Runs {@code command} without input. */
  public static CommandResult run(String... command) {
    return run(List.of(command), null);
  }

  /** The absolute path of a system tool, looked up on PATH and the usual sbin folders. */
  public static Optional<Path> find(String tool) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    for (String dir : (path + ":" + String.join(":", SYSTEM_DIRS)).split(":")) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, tool);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static String drain(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
