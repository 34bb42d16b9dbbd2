package dev.faultline.cli.matrix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real things host attacks act on: network namespaces this test creates (one per network
 * fault, so each namespace's {@code table inet faultline} belongs to one fault), a veth pair in the
 * shaping namespace, a stoppable victim process, and directories for fill and scratch files.
 */
final class HostTargets implements AutoCloseable {
  /** Set in the environment of every child run; inherited by the helpers its attacks start. */
  static final String TAG_ENV = "FAULTLINE_MATRIX_TAG";

  final String tag;
  final Path dir;
  private final List<String> namespaces = new ArrayList<>();
  private final Process victim;

  HostTargets(Path dir) throws IOException {
    this.dir = dir;
    this.tag = "mx" + ProcessHandle.current().pid() + "x" + System.nanoTime() % 100_000;
    victim = new ProcessBuilder("sleep", "600").redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    Files.createDirectories(dir.resolve("disk"));
    Files.createDirectories(dir.resolve("io"));
  }

  /** Whether this machine can make network namespaces and change their nftables (root, ip, nft, tc). */
  static boolean networkSupported() {
    return "root".equals(System.getProperty("user.name")) && Shell.run("nft", "--version").ok()
        && Shell.run("ip", "-V").ok() && Shell.run("tc", "-V").ok();
  }

  /** Creates a namespace named after {@code kind}, with lo up and a veth pair (mxa/mxb) up. */
  String namespace(String kind) {
    String ns = "fl" + (ProcessHandle.current().pid() % 100_000) + kind;
    Shell.run("ip", "netns", "delete", ns); // a leftover of an earlier killed run of this test
    Shell.must("ip", "netns", "add", ns);
    namespaces.add(ns);
    Shell.must("ip", "-n", ns, "link", "set", "lo", "up");
    Shell.must("ip", "-n", ns, "link", "add", "mxa", "type", "veth", "peer", "name", "mxb");
    Shell.must("ip", "-n", ns, "addr", "add", "10.203.0.1/24", "dev", "mxa");
    Shell.must("ip", "-n", ns, "link", "set", "mxa", "up");
    Shell.must("ip", "-n", ns, "link", "set", "mxb", "up");
    return ns;
  }

  /** Whether the kernel has netem: tries it on a veth in a throwaway namespace. */
  boolean netemAvailable() {
    String ns = namespace("netem");
    return Shell.run("ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", "mxa", "root", "netem", "delay", "1ms").ok();
  }

  /** Whether {@code table inet faultline} in {@code ns} has any chain (an attack's rules). */
  static boolean hasFaultlineChains(String ns) {
    Shell.Result r = Shell.run("ip", "netns", "exec", ns, "nft", "list", "table", "inet", "faultline");
    return r.ok() && r.output().contains("chain fl_");
  }

  /** The root qdisc kind on mxa in {@code ns} contains {@code kind} (tbf, netem). */
  static boolean hasQdisc(String ns, String kind) {
    Shell.Result r = Shell.run("tc", "-n", ns, "qdisc", "show", "dev", "mxa");
    return r.ok() && r.output().contains("qdisc " + kind + " ");
  }

  /** Deletes Faultline's table in {@code ns} and its qdisc: the forced clean-up after a failed cell. */
  static void clearNetwork(String ns) {
    Shell.run("ip", "netns", "exec", ns, "nft", "delete", "table", "inet", "faultline");
    Shell.run("tc", "-n", ns, "qdisc", "del", "dev", "mxa", "root");
  }

  long victimPid() {
    return victim.pid();
  }

  /** Whether the victim is stopped: state T in /proc/PID/stat. */
  boolean victimStopped() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(victim.pid()), "stat"));
    return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
  }

  void continueVictim() {
    Shell.run("kill", "-CONT", Long.toString(victim.pid()));
  }

  /** Whether a file whose name starts with {@code prefix} is in {@code sub} of the target directory. */
  boolean fileWithPrefix(String sub, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve(sub))) {
      return files.anyMatch(p -> p.getFileName().toString().startsWith(prefix));
    }
  }

  void deleteFiles(String sub) {
    try (Stream<Path> files = Files.list(dir.resolve(sub))) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot clean " + dir.resolve(sub) + ": " + e.getMessage(), e);
    }
  }

  /** Live processes started (directly or not) by a matrix run whose command line contains {@code text}. */
  List<ProcessHandle> taggedProcesses(String text) {
    byte[] wanted = (TAG_ENV + "=" + tag + "\0").getBytes(StandardCharsets.UTF_8);
    return ProcessHandle.allProcesses().filter(h -> {
      try {
        Path proc = Path.of("/proc", Long.toString(h.pid()));
        String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        if (!cmdline.contains(text)) {
          return false;
        }
        byte[] env = Files.readAllBytes(proc.resolve("environ"));
        return indexOf(env, wanted) >= 0;
      } catch (IOException | RuntimeException e) {
        return false; // gone, or not readable: not one of ours
      }
    }).toList();
  }

  /** Whether the process {@code pid} has a thread whose name starts with {@code prefix}. */
  static boolean hasThread(long pid, String prefix) throws IOException {
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    if (!Files.isDirectory(tasks)) {
      return false;
    }
    try (Stream<Path> ts = Files.list(tasks)) {
      return ts.anyMatch(t -> {
        try {
          return Files.readString(t.resolve("comm")).startsWith(prefix);
        } catch (IOException e) {
          return false; // the thread ended
        }
      });
    } catch (java.io.UncheckedIOException | IOException e) {
      return false; // the process ended while listing
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (i > 0 && haystack[i - 1] != 0) {
        continue; // entries start after a NUL
      }
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() throws InterruptedException {
    victim.destroyForcibly();
    victim.waitFor(5, TimeUnit.SECONDS);
    namespaces.forEach(ns -> Shell.run("ip", "netns", "delete", ns));
  }
}
