package dev.faultline.host.guard;

import dev.faultline.host.attack.HostRecovery;
import dev.faultline.host.state.AttackJournal;
import dev.faultline.host.state.AttackRecord;
import dev.faultline.host.state.OwnerLock;
import dev.faultline.host.state.UndoStep;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The guardian process of one owner process (a {@code faultline attack}, {@code run} or
 * {@code agent}): started in its own session when the owner applies its first host change, it
 * reverts the owner's records the moment the owner dies — its pipe to us reaches end of file, or
 * its {@link OwnerLock} becomes free — and any record whose length passed by {@link
 * #LENGTH_GRACE_MS} (the owner normally reverts on time itself; this covers a frozen owner). It
 * exits once the owner is gone and its records are reverted.
 *
 * <p>Protocol on standard input, one line each: {@code watch <state dir>\t<owner id>} for every
 * state directory the owner records into (lines sent before the owner dies are read before the end
 * of file, so a record written after its line is always seen). Prints {@code READY} once started.
 * What it does is logged to {@code <state dir>/guardians/<owner id>.log}.
 */
public final class Guardian {
  /** How often owner locks and record lengths are checked (the pipe is instant). */
  static final long POLL_MS = 100;
  /** How long after an attack's end the guardian reverts it if the owner has not. */
  static final long LENGTH_GRACE_MS = 3000;
  /** How often records are read for lengths that passed. */
  static final long LENGTH_CHECK_MS = 250;

  private final List<Watched> watched = new CopyOnWriteArrayList<>();

  /** One state directory this guardian watches for its owner. */
  private record Watched(Path stateDirectory, String ownerId, AttackJournal journal, HostRecovery recovery) {
    static Watched of(Path dir, String ownerId) {
      AttackJournal journal = new AttackJournal(dir, line -> log(dir, ownerId, line));
      return new Watched(dir, ownerId, journal, new HostRecovery(journal));
    }
  }

  public static void main(String[] args) throws InterruptedException {
    warmUp();
    Guardian g = new Guardian();
    CountDownLatch pipeClosed = new CountDownLatch(1);
    Thread pipe = new Thread(() -> g.readPipe(pipeClosed), "faultline-guardian-pipe");
    pipe.setDaemon(true);
    pipe.start();
    System.out.println("READY");
    System.out.flush();
    g.watch(pipeClosed);
    System.exit(0);
  }

  /**
   * Loads and links what a revert needs (JSON binding of every undo step, the reverter) before
   * saying READY: on a busy machine that takes longer than the revert itself, and the owner may
   * die right after its first record.
   */
  private static void warmUp() {
    try {
      AttackJournal journal = new AttackJournal(Path.of("/nonexistent-faultline-warm-up"));
      AttackRecord sample = new AttackRecord("00000000", "host-disk", "warm-up", java.util.Map.of("mb", 1), 1, 0, 1, 1,
          List.of(new UndoStep.RemoveFile("/x"), new UndoStep.ContinueProcess(1, 1), new UndoStep.KillMarkedProcesses("m"),
              new UndoStep.DeleteNftChains("", List.of("c")), new UndoStep.DeleteQdisc("", "d", "h"),
              new UndoStep.RenameBack("/a", "/b")), "owner");
      journal.json().readValue(journal.json().writeValueAsBytes(sample), AttackRecord.class);
      journal.list();
      Class.forName(dev.faultline.host.attack.Reverter.class.getName());
      OwnerLock.isHeld(Path.of("/nonexistent-faultline-warm-up"), "owner");
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      System.err.println(Instant.now() + " faultline guardian: warm-up: " + e);
    }
  }

  private void readPipe(CountDownLatch pipeClosed) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        String[] parts = line.startsWith("watch ") ? line.substring(6).split("\t", 2) : new String[0];
        if (parts.length == 2) {
          Watched w = Watched.of(Path.of(parts[0]), parts[1]);
          watched.add(w);
          log(w.stateDirectory(), w.ownerId(), "guarding owner " + w.ownerId() + " (pid " + ProcessHandle.current().parent()
              .map(ProcessHandle::pid).orElse(-1L) + ") in " + w.stateDirectory());
        } else {
          System.err.println(Instant.now() + " faultline guardian: ignoring a line it does not understand: " + line);
        }
      }
    } catch (IOException e) {
      // a broken pipe means the owner is gone, as end of file does
    }
    pipeClosed.countDown();
  }

  /** Watches until the owner is gone and its records are reverted. */
  void watch(CountDownLatch pipeClosed) throws InterruptedException {
    long nextLengthCheck = 0;
    while (true) {
      boolean closed = pipeClosed.await(POLL_MS, TimeUnit.MILLISECONDS);
      if (closed) {
        for (Watched w : watched) {
          revertAll(w, "its owner closed the guardian's pipe (it exited or died)");
        }
        // The pipe may close a moment before the kernel drops the owner's lock: tidy the lock
        // files once it has (a leftover one is harmless: free means gone).
        for (int i = 0; i < 20 && !watched.stream().allMatch(w -> OwnerLock.deleteIfFree(w.stateDirectory(), w.ownerId())); i++) {
          Thread.sleep(25);
        }
        return;
      }
      // The owner holds every one of its locks until it dies: one free lock means it is gone
      // (also when its pipe leaked into a process that outlives it).
      if (watched.stream().anyMatch(w -> !OwnerLock.isHeld(w.stateDirectory(), w.ownerId()))) {
        for (Watched w : watched) {
          revertAll(w, "its owner's lock is free (the owner died)");
        }
        return;
      }
      long now = System.currentTimeMillis();
      if (now >= nextLengthCheck) {
        nextLengthCheck = now + LENGTH_CHECK_MS;
        for (Watched w : watched) {
          for (AttackRecord r : w.journal().list()) {
            if (w.ownerId().equals(r.ownerLock()) && r.endsAtMs() > 0 && now > r.endsAtMs() + LENGTH_GRACE_MS) {
              revert(w, r, "its length passed " + (now - r.endsAtMs()) + " ms ago and the owner did not revert it");
            }
          }
        }
      }
    }
  }

  private static void revertAll(Watched w, String why) {
    for (AttackRecord r : w.journal().list()) {
      if (w.ownerId().equals(r.ownerLock())) {
        revert(w, r, why);
      }
    }
    OwnerLock.deleteIfFree(w.stateDirectory(), w.ownerId());
  }

  private static void revert(Watched w, AttackRecord r, String why) {
    long startNs = System.nanoTime();
    HostRecovery.Reverted done = w.recovery().revert(r);
    log(w.stateDirectory(), w.ownerId(), "reverted " + r.kind() + " " + r.id() + " (" + r.target() + ") because " + why
        + ", in " + (System.nanoTime() - startNs) / 1_000_000 + " ms" + (done.clean() ? "" : "; problems: " + done.error()));
  }

  /** Appends a line to the owner's log in that state directory (stderr if it cannot). */
  static void log(Path stateDirectory, String ownerId, String line) {
    String text = Instant.now() + " faultline guardian: " + line + "\n";
    try {
      Path dir = stateDirectory.resolve("guardians");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(ownerId + ".log"), text, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException | RuntimeException e) {
      System.err.print(text);
      System.err.flush();
    }
  }
}
