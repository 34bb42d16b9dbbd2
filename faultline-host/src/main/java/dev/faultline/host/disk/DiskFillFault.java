package dev.faultline.host.disk;

import dev.faultline.core.fault.FaultException;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostFault;
import dev.faultline.host.state.UndoStep;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Fills a filesystem: writes one file of real (non-zero, so neither sparse nor compressible to
 * nothing) data under the directory, never past a safety floor of free space unless forced. The
 * file is recorded before it is created and deleted on revert.
 */
public final class DiskFillFault extends HostFault {
  private static final long MB = 1024 * 1024;
  private static final int CHUNK = 4 * 1024 * 1024;
  private final Path dir;
  private final long mb;
  private final double percent;
  private final long floorMb;
  private final boolean force;
  private final Path file;
  private long bytes;
  private long floorBytes;

  /**
   * @param mb MiB to write, or 0 when {@code percent} is given
   * @param percent fill until the filesystem is this percent used, or 0
   * @param floorMb free space to keep, or -1 for 5% of the filesystem
   */
  public DiskFillFault(HostContext context, Map<String, Object> parameters, Path dir, long mb, double percent,
      long floorMb, boolean force) {
    super(context, "host-disk", parameters);
    this.dir = dir.toAbsolutePath();
    this.mb = mb;
    this.percent = percent;
    this.floorMb = floorMb;
    this.force = force;
    this.file = this.dir.resolve("faultline-fill-" + id() + ".bin");
  }

  @Override
  protected List<UndoStep> plan() throws FaultException {
    FileStore store = WritableDirectory.check(dir);
    long usable = WritableDirectory.usable(store);
    long total = WritableDirectory.total(store);
    long usableMb = usable / MB;
    if (usable < MB) {
      throw new FaultException(dir + "'s filesystem is full (" + usable / 1024 + " KB free of " + total / MB + " MB): "
          + "there is nothing left to fill. Free some space or choose another path. Nothing was applied.");
    }
    if (mb > 0) {
      bytes = mb * MB;
    } else {
      bytes = (long) (total * percent / 100) - (total - usable);
      if (bytes <= 0) {
        throw new FaultException("percent: " + dir + "'s filesystem is already " + Math.round(100.0 * (total - usable) / total)
            + "% used, at or above " + percent + "%; allowed " + (int) Math.ceil(100.0 * (total - usable) / total + 1)
            + " to 100. Nothing was applied.");
      }
    }
    long floor = floorMb >= 0 ? floorMb * MB : total / 20;
    floorBytes = floor;
    if (usable <= floor && !force) {
      throw new FaultException(dir + "'s filesystem is nearly full: " + usableMb + " MB free, already at or below the safety "
          + "floor of " + floor / MB + " MB (floorMb), so there is nothing to fill; lower floorMb (--floor-mb) or pass "
          + "force=true (--force) to fill past it. Nothing was applied.");
    }
    String what = mb > 0 ? "mb: " + mb + " MB" : "percent: " + percent + "% (" + bytes / MB + " MB)";
    if (bytes > usable) {
      throw new FaultException(what + " is more than the free space on " + dir + " (" + usableMb + " MB); allowed 1 to "
          + usableMb + " MB. Nothing was applied.");
    }
    if (usable - bytes < floor && !force) {
      throw new FaultException(what + " would leave " + (usable - bytes) / MB + " MB free on " + dir + ", below the safety "
          + "floor of " + floor / MB + " MB (floorMb); allowed up to " + Math.max(0, (usable - floor) / MB)
          + " MB, or pass force=true (--force) to go past the floor. Nothing was applied.");
    }
    return List.of(new UndoStep.RemoveFile(file.toString()));
  }

  @Override
  protected void takeEffect() throws FaultException {
    ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
    for (int i = 0; i < CHUNK; i++) {
      chunk.put(i, (byte) (i * 31 + 7));
    }
    FillBudget budget = new FillBudget(floorBytes, force, CHUNK);
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      FileStore store = Files.getFileStore(dir);
      long written = 0;
      while (written < bytes && !stopRequested()) { // a halt or Ctrl-C mid-fill stops writing
        long next = budget.next(bytes - written, store.getUsableSpace());
        if (next == 0) {
          // Someone else used space while we filled: keep the floor, hold what is written.
          System.err.println("faultline: disk fill " + id() + " stopped at " + written / MB + " of " + bytes / MB
              + " MB: " + dir + " is down to its safety floor of " + floorBytes / MB + " MB free (floorMb; --force "
              + "goes past it)");
          break;
        }
        chunk.clear().limit((int) next);
        written += out.write(chunk);
      }
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("No space left on device")) {
        throw new FaultException(dir + "'s filesystem became full while filling (someone else wrote to it too); the "
            + "fill is reverted. Nothing is left applied.", e);
      }
      throw new FaultException("could not fill " + file + ": " + e.getMessage(), e);
    }
  }

  /** The fill file. */
  public Path file() {
    return file;
  }

  @Override
  public String target() {
    return (mb > 0 ? mb + " MB" : "up to " + percent + "% used") + " in " + dir;
  }
}
