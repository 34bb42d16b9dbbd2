package dev.faultline.host.io;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One IO worker on the scratch file: writes blocks (flushed to the device every 8 MiB) and/or
 * reads them, bypassing the page cache with O_DIRECT where the filesystem allows it, so the
 * traffic reaches the disk instead of memory.
 */
final class IoWorker implements Runnable {
  private static final long FLUSH_EVERY = 8L * 1024 * 1024;
  private final Path file;
  private final long fileBytes;
  private final int blockBytes;
  private final boolean reads;
  private final boolean writes;
  private final AtomicLong bytesDone;
  private volatile boolean stopped;

  IoWorker(Path file, long fileBytes, int blockBytes, boolean reads, boolean writes, AtomicLong bytesDone) {
    this.file = file;
    this.fileBytes = fileBytes;
    this.blockBytes = blockBytes;
    this.reads = reads;
    this.writes = writes;
    this.bytesDone = bytesDone;
  }

  void stop() {
    stopped = true;
  }

  @Override
  public void run() {
    try (FileChannel ch = open()) {
      ByteBuffer block = ByteBuffer.allocateDirect(blockBytes * 2).alignedSlice(4096);
      block.limit(blockBytes);
      long blocks = Math.max(1, fileBytes / blockBytes);
      long position = 0;
      long sinceFlush = 0;
      while (!stopped) {
        long offset = (position++ % blocks) * blockBytes;
        if (writes) {
          block.clear().limit(blockBytes);
          block.put(0, (byte) position);
          ch.write(block, offset);
          sinceFlush += blockBytes;
          if (sinceFlush >= FLUSH_EVERY) {
            ch.force(false);
            sinceFlush = 0;
          }
          bytesDone.addAndGet(blockBytes);
        }
        if (reads && !stopped) {
          block.clear().limit(blockBytes);
          ch.read(block, offset);
          bytesDone.addAndGet(blockBytes);
        }
      }
    } catch (IOException e) {
      // the scratch file was removed (halt) or the disk is full: the attack's revert handles it
    }
  }

  private FileChannel open() throws IOException {
    OpenOption[] direct = {StandardOpenOption.READ, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT};
    try {
      return FileChannel.open(file, direct);
    } catch (IOException | UnsupportedOperationException e) {
      return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE); // e.g. tmpfs: no O_DIRECT
    }
  }
}
