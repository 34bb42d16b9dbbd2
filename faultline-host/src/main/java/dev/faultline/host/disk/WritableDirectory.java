package dev.faultline.host.disk;

import dev.faultline.core.fault.FaultException;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that an attack's {@code path} is a directory it can write files into; reports its filesystem's space. */
public final class WritableDirectory {
  private WritableDirectory() {}

  /** The directory's filesystem, after checking it exists, is a directory and is writable. */
  public static FileStore check(Path dir) throws FaultException {
    if (!Files.isDirectory(dir)) {
      throw new FaultException("path: " + dir + " is not an existing directory; give a directory on the filesystem to "
          + "attack. Nothing was applied.");
    }
    FileStore store;
    try {
      store = Files.getFileStore(dir);
    } catch (IOException e) {
      throw new FaultException("path: cannot inspect the filesystem of " + dir + ": " + e.getMessage());
    }
    if (store.isReadOnly()) {
      throw new FaultException("path: " + dir + " is on a read-only filesystem (" + store.name() + "); give a directory "
          + "on a writable one. Nothing was applied.");
    }
    if (!Files.isWritable(dir)) {
      throw new FaultException("path: " + dir + " is not writable by this user; give a writable directory. Nothing was applied.");
    }
    return store;
  }

  /** Usable bytes on the store. */
  public static long usable(FileStore store) throws FaultException {
    try {
      return store.getUsableSpace();
    } catch (IOException e) {
      throw new FaultException("cannot read free space: " + e.getMessage(), e);
    }
  }

  /** Total bytes of the store. */
  public static long total(FileStore store) throws FaultException {
    try {
      return store.getTotalSpace();
    } catch (IOException e) {
      throw new FaultException("cannot read filesystem size: " + e.getMessage(), e);
    }
  }
}
