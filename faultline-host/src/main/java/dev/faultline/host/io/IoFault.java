package dev.faultline.host.io;

import dev.faultline.core.fault.FaultException;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostFault;
import dev.faultline.host.disk.WritableDirectory;
import dev.faultline.host.state.UndoStep;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * IO pressure: worker threads reading and/or writing blocks of a scratch file under a directory.
 * The scratch file is recorded before it is created and removed on revert; the workers live in
 * this process and end with it.
 */
public final class IoFault extends HostFault {
  private static final long MB = 1024 * 1024;
  /** Which way the workers move data. */
  public enum Mode { READ, WRITE, MIXED }

  private final Path dir;
  private final int workers;
  private final int blockKb;
  private final Mode mode;
  private final long fileMb;
  private final Path file;
  private final AtomicLong bytesDone = new AtomicLong();
  private final List<IoWorker> running = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  public IoFault(HostContext context, Map<String, Object> parameters, Path dir, int workers, int blockKb, Mode mode,
      long fileMb) {
    super(context, "host-io", parameters);
    this.dir = dir.toAbsolutePath();
    this.workers = workers;
    this.blockKb = blockKb;
    this.mode = mode;
    this.fileMb = fileMb;
    this.file = this.dir.resolve("faultline-io-" + id() + ".bin");
  }

  @Override
  protected List<UndoStep> plan() throws FaultException {
    FileStore store = WritableDirectory.check(dir);
    long usable = WritableDirectory.usable(store);
    long floor = WritableDirectory.total(store) / 20;
    if (fileMb * MB > usable - floor) {
      throw new FaultException("fileMb: a " + fileMb + " MB scratch file would leave less than 5% free on " + dir
          + "; allowed 1 to " + Math.max(0, (usable - floor) / MB) + ". Nothing was applied.");
    }
    return List.of(new UndoStep.RemoveFile(file.toString()));
  }

  @Override
  protected synchronized void takeEffect() throws FaultException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer chunk = ByteBuffer.allocate((int) MB);
      for (long i = 0; i < fileMb; i++) {
        chunk.clear();
        ch.write(chunk);
      }
    } catch (IOException e) {
      throw new FaultException("could not create the scratch file " + file + ": " + e.getMessage(), e);
    }
    for (int i = 0; i < workers; i++) {
      boolean reads = mode != Mode.WRITE && (mode == Mode.READ || workers == 1 || i % 2 == 0);
      boolean writes = mode != Mode.READ && (mode == Mode.WRITE || workers == 1 || i % 2 == 1);
      IoWorker w = new IoWorker(file, fileMb * MB, blockKb * 1024, reads, writes, bytesDone);
      Thread t = new Thread(w, "flio-" + i + "-" + id());
      t.setDaemon(true);
      running.add(w);
      threads.add(t);
      t.start();
    }
  }

  @Override
  protected synchronized void stopInProcessWork() {
    running.forEach(IoWorker::stop);
    for (Thread t : threads) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Bytes read and written so far. */
  public long bytesMoved() {
    return bytesDone.get();
  }

  /** The scratch file. */
  public Path file() {
    return file;
  }

  @Override
  public String target() {
    return workers + " " + mode.name().toLowerCase(Locale.ROOT) + " worker" + (workers == 1 ? "" : "s") + ", " + blockKb
        + " KB blocks, on " + dir;
  }
}
