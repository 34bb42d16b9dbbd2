package dev.faultline.host.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The memory limit of this process's cgroup (v2 {@code memory.max}, v1
 * {@code memory.limit_in_bytes}), the tightest along the path up to the root, and what the cgroup
 * uses now. A memory attack beyond it would only get its helper OOM-killed by the kernel.
 *
 * @param cgroup the cgroup directory whose limit binds
 * @param limitMb that limit in MiB
 * @param usageMb what that cgroup uses now, in MiB
 */
public record CgroupMemory(Path cgroup, long limitMb, long usageMb) {
  /** v1's "no limit" is a page-rounded Long.MAX_VALUE; anything this big means none. */
  private static final long UNLIMITED_BYTES = 1L << 60;

  /** What is left under the limit, in MiB. */
  public long freeMb() {
    return Math.max(0, limitMb - usageMb);
  }

  /** The binding limit of this process, if it has one. */
  public static Optional<CgroupMemory> ofThisProcess() {
    return of(Path.of("/proc/self/cgroup"), Path.of("/sys/fs/cgroup"));
  }

  /**
   * The binding limit of the process whose {@code /proc/<pid>/cgroup} is {@code procCgroup}, with
   * the cgroup file systems mounted under {@code root} (v1: {@code root/memory}; v2: {@code root}
   * or {@code root/unified}).
   */
  public static Optional<CgroupMemory> of(Path procCgroup, Path root) {
    List<String> lines;
    try {
      lines = Files.readAllLines(procCgroup);
    } catch (IOException e) {
      return Optional.empty();
    }
    for (String line : lines) {
      String[] parts = line.split(":", 3);
      if (parts.length == 3 && List.of(parts[1].split(",")).contains("memory")) {
        return tightest(root.resolve("memory"), parts[2], "memory.limit_in_bytes", "memory.usage_in_bytes");
      }
    }
    for (String line : lines) {
      String[] parts = line.split(":", 3);
      if (parts.length == 3 && parts[0].equals("0") && parts[1].isEmpty()) {
        for (Path mount : List.of(root, root.resolve("unified"))) {
          if (Files.exists(mount.resolve("cgroup.controllers"))) {
            return tightest(mount, parts[2], "memory.max", "memory.current");
          }
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<CgroupMemory> tightest(Path mount, String path, String limitFile, String usageFile) {
    Path dir = mount.resolve(path.replaceFirst("^/+", ""));
    if (!Files.isDirectory(dir)) {
      dir = mount; // a cgroup namespace shows "/" for our own cgroup, mounted at the root
    }
    CgroupMemory best = null;
    for (Path d = dir; d != null && d.startsWith(mount); d = d.getParent()) {
      Optional<Long> limit = readBytes(d.resolve(limitFile));
      Optional<Long> usage = readBytes(d.resolve(usageFile));
      if (limit.isPresent() && limit.get() < UNLIMITED_BYTES && usage.isPresent()) {
        CgroupMemory here = new CgroupMemory(d, limit.get() >> 20, usage.get() >> 20);
        if (best == null || here.freeMb() < best.freeMb()) {
          best = here;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  private static Optional<Long> readBytes(Path file) {
    try {
      String text = Files.readString(file).strip();
      return Optional.of("max".equals(text) ? Long.MAX_VALUE : Long.parseLong(text));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
