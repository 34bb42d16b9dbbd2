package dev.faultline.host.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The host's state file of active attacks: one JSON file per attack under
 * {@code <state dir>/attacks/}, each written atomically (temporary file, then rename), so a reader
 * never sees half a record and a crash never loses one that was written.
 */
public final class AttackJournal {
  private static final String SUFFIX = ".json";
  private final Path directory;
  private final Set<String> warnedAbout = ConcurrentHashMap.newKeySet();
  private final Consumer<String> warnings;
  private final ObjectMapper json = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** A journal in {@code stateDirectory} (created on first write). */
  public AttackJournal(Path stateDirectory) {
    this(stateDirectory, line -> {
      System.err.println(line);
      System.err.flush();
    });
  }

  /** A journal whose warnings (unreadable records) go to {@code warnings} instead of stderr. */
  public AttackJournal(Path stateDirectory, Consumer<String> warnings) {
    this.directory = stateDirectory.resolve("attacks");
    this.warnings = warnings;
  }

  /** The journal at {@link StateDirectory#resolve()}. */
  public static AttackJournal forThisHost() {
    return new AttackJournal(StateDirectory.resolve());
  }

  /** The state directory (parent of the records' folder). */
  public Path stateDirectory() {
    return directory.getParent();
  }

  /** Writes or replaces {@code record}; when this returns, the record is on disk. */
  public void write(AttackRecord record) {
    try {
      Files.createDirectories(directory);
      Path temp = Files.createTempFile(directory, "." + record.id() + "-", ".tmp");
      try {
        Files.write(temp, json.writeValueAsBytes(record));
        try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
          channel.force(true); // the record must survive a crash of the host, not only of the attacker
        }
        try {
          Files.move(temp, fileOf(record.id()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, fileOf(record.id()), StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the attack state file in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Whether a record with this id is present (false once halted or reverted). */
  public boolean contains(String id) {
    return Files.exists(fileOf(id));
  }

  /** The record with this id, if present and readable. */
  public Optional<AttackRecord> read(String id) {
    try {
      return Optional.of(json.readValue(fileOf(id).toFile(), AttackRecord.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Every readable record, oldest first. An unreadable file is skipped with a warning on stderr
   * naming it and why (once per file).
   */
  public List<AttackRecord> list() {
    List<AttackRecord> records = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return records;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      for (Path f : files) {
        try {
          records.add(json.readValue(f.toFile(), AttackRecord.class));
        } catch (NoSuchFileException gone) {
          // removed by a concurrent revert: not active any more
        } catch (IOException | RuntimeException e) {
          // One damaged file must not stop halt, recovery and every attack: skip it, say so once.
          warnUnreadable(f, e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + directory + ": " + e.getMessage(), e);
    }
    records.sort(Comparator.comparingLong(AttackRecord::startedAtMs).thenComparing(AttackRecord::id));
    return records;
  }

  private void warnUnreadable(Path file, Exception e) {
    if (warnedAbout.add(file.getFileName().toString())) {
      String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
      warnings.accept("faultline: warning: skipping unreadable attack state file " + file + " (" + reason + "); "
          + "the attack it describes, if any, is not listed, halted or recovered. Check it, revert by hand "
          + "if needed, then delete the file.");
    }
  }

  /** Removes the record; returns whether it was present. */
  public boolean remove(String id) {
    try {
      return Files.deleteIfExists(fileOf(id));
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove attack state file " + fileOf(id) + ": " + e.getMessage(), e);
    }
  }

  /** The JSON form of a record (for {@code faultline attacks --json} and the agent API). */
  public ObjectMapper json() {
    return json;
  }

  private Path fileOf(String id) {
    return directory.resolve(id + SUFFIX);
  }
}
