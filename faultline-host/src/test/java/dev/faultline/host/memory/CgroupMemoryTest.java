package dev.faultline.host.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.host.TestHost;
import dev.faultline.host.attack.CrashVictim;
import dev.faultline.host.state.StateDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory attack stays inside its own cgroup's limit: parsed from v1 and v2 layouts, and for
 * real in a child memory cgroup the test creates (a 320 MB limit) around a child JVM attacking.
 */
class CgroupMemoryTest {
  @TempDir
  Path dir;

  @Test
  void v1TakesTheTightestLimitUpThePathAndIgnoresUnlimited() throws IOException {
    Path root = dir.resolve("cg");
    Path leaf = Files.createDirectories(root.resolve("memory/a/b"));
    write(root.resolve("memory/memory.limit_in_bytes"), "9223372036854771712");
    write(root.resolve("memory/memory.usage_in_bytes"), Long.toString(5L << 30));
    write(root.resolve("memory/a/memory.limit_in_bytes"), Long.toString(512L << 20));
    write(root.resolve("memory/a/memory.usage_in_bytes"), Long.toString(300L << 20));
    write(leaf.resolve("memory.limit_in_bytes"), "9223372036854771712");
    write(leaf.resolve("memory.usage_in_bytes"), Long.toString(100L << 20));
    Path proc = write(dir.resolve("cgroup"), "5:cpu,cpuacct:/a/b\n4:memory:/a/b\n0::/\n");
    assertThat(CgroupMemory.of(proc, root)).contains(new CgroupMemory(root.resolve("memory/a"), 512, 300));
  }

  @Test
  void v2ReadsMemoryMaxAndMaxMeansNoLimit() throws IOException {
    Path root = dir.resolve("cg");
    Path leaf = Files.createDirectories(root.resolve("system.slice/app.service"));
    write(root.resolve("cgroup.controllers"), "cpu memory");
    write(leaf.resolve("memory.max"), Long.toString(256L << 20));
    write(leaf.resolve("memory.current"), Long.toString(64L << 20));
    Path proc = write(dir.resolve("cgroup"), "0::/system.slice/app.service\n");
    assertThat(CgroupMemory.of(proc, root)).contains(new CgroupMemory(leaf, 256, 64));

    write(leaf.resolve("memory.max"), "max");
    assertThat(CgroupMemory.of(proc, root)).isEmpty();
    assertThat(CgroupMemory.of(dir.resolve("no-such-file"), root)).isEmpty();
  }

  @Test
  void anAttackBeyondItsCgroupLimitIsRefusedAndOneWithinItIsHeld() throws Exception {
    Optional<Path> cgroup = createChildCgroup(320);
    assumeTrue(cgroup.isPresent(), "needs a writable memory cgroup (v1 /sys/fs/cgroup/memory or v2 with the memory controller)");
    TestHost host = new TestHost();
    try {
      Process refused = startIn(cgroup.get(), host, Map.of("mb", 400));
      assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(refused.exitValue()).as(out).isNotZero();
      assertThat(out).contains("mb: 400 MB is more than the memory cgroup of this process allows (" + cgroup.get()
          + ": limit 320 MB, ").contains("Nothing was applied.").doesNotContain("OutOfMemory");
      assertThat(host.journal().list()).isEmpty();

      Process held = startIn(cgroup.get(), host, Map.of("mb", 32));
      try {
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(held.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
        assertThat(line).startsWith("APPLIED ");
        assertThat(host.journal().list()).singleElement().satisfies(r -> assertThat(r.kind()).isEqualTo("host-memory"));
      } finally {
        held.destroyForcibly();
        held.waitFor(10, TimeUnit.SECONDS);
      }
    } finally {
      removeCgroup(cgroup.get());
    }
  }

  /** A child memory cgroup of this process's own, limited to {@code limitMb}, if one can be made. */
  private static Optional<Path> createChildCgroup(long limitMb) {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/self/cgroup"));
      for (String line : lines) {
        String[] p = line.split(":", 3);
        boolean v1 = p.length == 3 && List.of(p[1].split(",")).contains("memory");
        boolean v2 = p.length == 3 && p[0].equals("0") && p[1].isEmpty() && Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
        if (!v1 && !v2) {
          continue;
        }
        Path mount = v1 ? Path.of("/sys/fs/cgroup/memory") : Path.of("/sys/fs/cgroup");
        Path own = mount.resolve(p[2].replaceFirst("^/+", ""));
        Path child = own.resolve("faultline-test-" + ProcessHandle.current().pid());
        Files.createDirectories(child);
        Files.writeString(child.resolve(v1 ? "memory.limit_in_bytes" : "memory.max"), Long.toString(limitMb << 20));
        return Optional.of(child);
      }
    } catch (IOException | RuntimeException e) {
      System.out.println("no child memory cgroup: " + e.getMessage());
    }
    return Optional.empty();
  }

  private static void removeCgroup(Path cgroup) throws InterruptedException {
    for (int i = 0; i < 100; i++) { // processes (the guardian) may take a moment to leave it
      try {
        Files.deleteIfExists(cgroup);
        return;
      } catch (IOException busy) {
        Thread.sleep(100);
      }
    }
  }

  private static Process startIn(Path cgroup, TestHost host, Map<String, Object> parameters) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", "echo $$ > \"$0/cgroup.procs\" && exec \"$@\"", cgroup.toString(),
        java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        CrashVictim.class.getName(), "host-memory", new ObjectMapper().writeValueAsString(parameters));
    pb.environment().put(StateDirectory.ENV, host.stateDir.toString());
    pb.redirectErrorStream(true);
    return pb.start();
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
