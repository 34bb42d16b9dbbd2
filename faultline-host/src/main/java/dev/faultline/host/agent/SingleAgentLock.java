package dev.faultline.host.agent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock that makes the agent single per state directory: an exclusive lock on
 * {@code <state>/agent.lock}, held while the agent runs and dropped by the kernel if it dies, so a
 * crashed agent never blocks the next one and two live ones never share {@code agent.json}.
 */
final class SingleAgentLock {
  static final String FILE = "agent.lock";
  private final FileChannel channel;
  private final FileLock lock;

  private SingleAgentLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock.
   *
   * @throws IOException another agent holds it (the message names it and says what to do), or the
   *     state directory is not writable
   */
  static SingleAgentLock take(Path stateDirectory) throws IOException {
    Files.createDirectories(stateDirectory);
    Path file = stateDirectory.resolve(FILE);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException heldInThisProcess) {
      lock = null;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      String who = AgentEndpoint.read(stateDirectory)
          .map(e -> " (pid " + e.pid() + ", control API on 127.0.0.1:" + e.port() + ")").orElse("");
      throw new IOException("another faultline agent" + who + " is already running on state directory " + stateDirectory
          + "; use it ('faultline attack ... --detach') or stop it first (Ctrl-C in its terminal, or kill -TERM its pid)");
    }
    return new SingleAgentLock(channel, lock);
  }

  /** Releases the lock; idempotent. */
  void release() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      // closing drops the lock anyway
    }
  }
}
