package dev.faultline.host.attack;

import dev.faultline.host.net.NetnsPair;
import dev.faultline.host.process.Commands;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the crash and guardian tests attack: a pair of network namespaces (null where they cannot
 * be made) and a 32 MiB tmpfs under {@code target/} for disk fills, so no attack touches the host's
 * own network or disks.
 */
record CrashTargets(NetnsPair pair, Path tmpfs) implements AutoCloseable {

  static CrashTargets open(String tmpfsPrefix) throws Exception {
    NetnsPair pair = NetnsPair.supported() ? new NetnsPair() : null;
    Path tmpfs = Files.createTempDirectory(Path.of("target").toAbsolutePath(), tmpfsPrefix);
    Commands.run("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", tmpfs.toString());
    return new CrashTargets(pair, tmpfs);
  }

  @Override
  public void close() throws Exception {
    if (pair != null) {
      pair.close();
    }
    Commands.run("umount", "-l", tmpfs.toString());
  }
}
