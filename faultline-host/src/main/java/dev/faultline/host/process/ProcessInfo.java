package dev.faultline.host.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A process on this host as {@code /proc} shows it.
 *
 * @param pid its id
 * @param startedAtMs its start time (epoch ms), to tell it from a later process reusing the pid
 * @param name the executable's short name ({@code /proc/<pid>/comm})
 * @param commandLine its arguments joined by spaces
 */
public record ProcessInfo(long pid, long startedAtMs, String name, String commandLine) {

  /** The process with this pid, if it exists. */
  public static Optional<ProcessInfo> of(long pid) {
    return ProcessHandle.of(pid).flatMap(ProcessInfo::of);
  }

  /** Every process this one can see. */
  public static List<ProcessInfo> all() {
    List<ProcessInfo> list = new ArrayList<>();
    ProcessHandle.allProcesses().forEach(h -> of(h).ifPresent(list::add));
    return list;
  }

  /** Whether the process with {@code pid} still is the one that started at {@code startedAtMs}. */
  public static boolean isAlive(long pid, long startedAtMs) {
    return of(pid).map(p -> Math.abs(p.startedAtMs() - startedAtMs) < 1000).orElse(false);
  }

  /** The current process. */
  public static ProcessInfo self() {
    return of(ProcessHandle.current()).orElseThrow();
  }

  /** Whether the process is stopped (state T in {@code /proc/<pid>/stat}). */
  public static boolean isStopped(long pid) {
    return readState(pid).map(s -> s == 'T' || s == 't').orElse(false);
  }

  /** The single-letter scheduler state, if the process exists. */
  public static Optional<Character> readState(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int close = stat.lastIndexOf(')');
      return Optional.of(stat.charAt(close + 2));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<ProcessInfo> of(ProcessHandle h) {
    if (!h.isAlive()) {
      return Optional.empty();
    }
    long pid = h.pid();
    long started = h.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
    try {
      String comm = Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      String cmdline = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
      return Optional.of(new ProcessInfo(pid, started, comm, cmdline));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // exited while we looked
    }
  }
}
