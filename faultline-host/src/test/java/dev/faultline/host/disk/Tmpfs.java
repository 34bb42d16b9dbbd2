package dev.faultline.host.disk;

import dev.faultline.host.process.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small tmpfs the test mounts, so filling it is exact and harms nobody. */
final class Tmpfs implements AutoCloseable {
  final Path dir;

  Tmpfs(int sizeMb, boolean readOnly) throws IOException {
    dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "tmpfs-");
    var r = Commands.run("mount", "-t", "tmpfs", "-o", "size=" + sizeMb + "m" + (readOnly ? ",ro" : ""), "tmpfs", dir.toString());
    if (!r.ok()) {
      throw new IOException("cannot mount a tmpfs for the test (needs root): " + r.summary());
    }
  }

  @Override
  public void close() throws IOException {
    Commands.run("umount", "-l", dir.toString());
    Files.deleteIfExists(dir);
  }
}
