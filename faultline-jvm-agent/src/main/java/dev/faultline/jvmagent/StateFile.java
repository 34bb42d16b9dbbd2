package dev.faultline.jvmagent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * {@code <stateDir>/<pid>.token}: where the control channel listens and the token it demands,
 * readable and writable by the owner only (directory 700, file 600). Written atomically; deleted
 * when the JVM ends.
 */
final class StateFile {
  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

  private StateFile() {}

  /** The file's path for process {@code pid}. */
  static Path path(Path stateDir, long pid) {
    return stateDir.resolve(pid + ".token");
  }

  static Path write(Path stateDir, long pid, int port, String token) throws IOException {
    boolean posix = stateDir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(stateDir)) {
      try {
        if (posix) {
          Files.createDirectories(stateDir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
        } else {
          Files.createDirectories(stateDir);
        }
      } catch (FileAlreadyExistsException ignored) {
        // created concurrently: fine
      }
    }
    Path target = path(stateDir, pid);
    Path tmp = stateDir.resolve(pid + ".token." + System.nanoTime() + ".tmp");
    FileAttribute<?>[] attrs = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
        : new FileAttribute<?>[0];
    Files.createFile(tmp, attrs);
    String body = "pid=" + pid + "\nport=" + port + "\ntoken=" + token + "\njava.version="
        + System.getProperty("java.version") + "\n";
    Files.write(tmp, body.getBytes(StandardCharsets.UTF_8));
    try {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }
}
