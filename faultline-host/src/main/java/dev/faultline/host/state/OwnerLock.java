package dev.faultline.host.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Owner liveness that is right across PID namespaces: a process owning attack records holds an
 * exclusive lock on {@code <state>/owners/<owner id>.lock} for as long as it lives; the kernel
 * drops the lock when it dies, however it dies. Anyone sharing the state directory (another
 * container, a process in another PID namespace) asks "is the lock free?" instead of looking up a
 * pid that means something else in its namespace.
 *
 * <p>The locks are POSIX record locks ({@link FileChannel#tryLock()}): a process must never open
 * its own lock file a second time (closing that descriptor would drop the lock), so a check for the
 * process's own id answers "alive" without touching the file.
 */
public final class OwnerLock {
  private static final Map<Path, OwnerLock> HELD = new ConcurrentHashMap<>();
  private final String ownerId;
  private final Path file;
  private final FileChannel channel; // kept open: closing it would release the lock
  private final FileLock lock;

  private OwnerLock(String ownerId, Path file, FileChannel channel, FileLock lock) {
    this.ownerId = ownerId;
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** This process's owner lock in {@code stateDirectory}, taken on first use and held until the process ends. */
  public static OwnerLock of(Path stateDirectory) {
    return HELD.computeIfAbsent(stateDirectory.toAbsolutePath().normalize(), OwnerLock::take);
  }

  private static OwnerLock take(Path stateDirectory) {
    byte[] b = new byte[8];
    ThreadLocalRandom.current().nextBytes(b);
    String id = HexFormat.of().formatHex(b);
    Path file = fileOf(stateDirectory, id);
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        throw new IOException("a fresh lock file was locked by someone else");
      }
      // For a human looking at the directory: who holds it (the lock, not this text, is the truth).
      channel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      return new OwnerLock(id, file, channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("could not take the owner lock " + file + ": " + e.getMessage(), e);
    }
  }

  /** The id written into this process's records. */
  public String ownerId() {
    return ownerId;
  }

  /** The lock file. */
  public Path file() {
    return file;
  }

  /** The lock file of {@code ownerId} in {@code stateDirectory}. */
  public static Path fileOf(Path stateDirectory, String ownerId) {
    return stateDirectory.resolve("owners").resolve(ownerId + ".lock");
  }

  /**
   * Whether the owner {@code ownerId} still lives: its lock is held. A missing lock file means the
   * owner is gone and was cleaned up after.
   */
  public static boolean isHeld(Path stateDirectory, String ownerId) {
    OwnerLock own = HELD.get(stateDirectory.toAbsolutePath().normalize());
    if (own != null && own.ownerId.equals(ownerId)) {
      return true;
    }
    try (FileChannel probe = FileChannel.open(fileOf(stateDirectory, ownerId), StandardOpenOption.WRITE)) {
      FileLock free = probe.tryLock();
      if (free == null) {
        return true;
      }
      free.release();
      return false;
    } catch (NoSuchFileException gone) {
      return false;
    } catch (OverlappingFileLockException heldHere) {
      return true; // another thread of this process is checking it right now
    } catch (IOException e) {
      return true; // cannot tell: never revert a possibly live owner's attack
    }
  }

  /**
   * Deletes the lock file of a dead owner, if its lock is free (a guardian's last act). Returns
   * whether it is gone.
   */
  public static boolean deleteIfFree(Path stateDirectory, String ownerId) {
    Path f = fileOf(stateDirectory, ownerId);
    try (FileChannel probe = FileChannel.open(f, StandardOpenOption.WRITE)) {
      FileLock free = probe.tryLock();
      if (free == null) {
        return false;
      }
      Files.deleteIfExists(f);
      free.release();
      return true;
    } catch (NoSuchFileException gone) {
      return true;
    } catch (IOException | OverlappingFileLockException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "owner " + ownerId + " (" + file + (lock.isValid() && channel.isOpen() ? ", held" : "") + ")";
  }
}
