package dev.faultline.engine.journal;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.faultline.engine.load.FileKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a journal as Chaos Toolkit does ({@code indent=2}).
 *
 * <p>Where it goes decides how:
 * <ul>
 *   <li>a regular file, or a path that does not exist yet: atomically, through a temporary file
 *       in the same directory renamed over the target, so readers never see half a journal (a
 *       symbolic link is followed: the file it names is replaced, the link stays);
 *   <li>a character device or a FIFO ({@code /dev/null}, {@code /dev/stdout} on a pipe): written
 *       through, never replaced (renaming a regular file over {@code /dev/full} used to destroy
 *       the device node when run as root);
 *   <li>a directory, a block device, a socket: refused.
 * </ul>
 * {@link #checkDestination} tells before a run whether the journal could be written, so that a
 * run does not inject faults only to lose its record.
 */
public final class JournalWriter {
  private static final ObjectWriter WRITER = new ObjectMapper()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

  private JournalWriter() {}

  public static void write(Map<String, Object> journal, Path file) throws IOException {
    byte[] bytes = (toJson(journal) + "\n").getBytes(StandardCharsets.UTF_8);
    Path target = target(file);
    Optional<FileKind> kind = FileKind.of(target);
    if (kind.isPresent() && kind.get() != FileKind.REGULAR) {
      if (!writesThrough(kind.get())) {
        throw new IOException(target + " is " + kind.get().description() + "; " + ACCEPTED);
      }
      // No CREATE, no TRUNCATE, no rename: the device or FIFO stays what it is.
      Files.write(target, bytes, StandardOpenOption.WRITE);
      return;
    }
    Path parent = parentOf(target);
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, ".journal", ".tmp");
    try {
      Files.write(tmp, bytes);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static final String ACCEPTED = "a journal goes to a regular file (replaced atomically), or is written "
      + "through to a character device such as /dev/null or a FIFO";

  /**
   * Checks, before a run, that a journal can be written to {@code file}: creates the missing
   * directories and a temporary file next to the target (removed at once), as {@link #write} will.
   *
   * @return what is wrong, with the operating system's reason ({@code Permission denied},
   *     {@code Read-only file system}), or empty when the journal can be written
   */
  public static Optional<String> checkDestination(Path file) {
    if (file.toString().isEmpty()) {
      return Optional.of("the path is empty; give a file name such as journal.json");
    }
    try {
      Path target = target(file);
      Optional<FileKind> kind = FileKind.of(target);
      if (kind.isPresent() && kind.get() != FileKind.REGULAR) {
        if (!writesThrough(kind.get())) {
          return Optional.of("is " + kind.get().description() + "; " + ACCEPTED);
        }
        // Not opened here: opening a FIFO without a reader blocks, opening some devices acts.
        return Files.isWritable(target) ? Optional.empty()
            : Optional.of("is " + kind.get().description() + " that cannot be written: Permission denied");
      }
      Path parent = parentOf(target);
      for (Path p = parent; p != null; p = p.getParent()) {
        if (Files.exists(p)) {
          if (!Files.isDirectory(p)) {
            return Optional.of("cannot create the directory " + parent + ": " + p + " is not a directory");
          }
          break;
        }
      }
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        return Optional.of("cannot create the directory " + parent + ": " + FileKind.reason(e));
      }
      try {
        Path probe = Files.createTempFile(parent, ".journal", ".tmp");
        Files.delete(probe);
      } catch (IOException e) {
        return Optional.of("cannot create a file in " + parent + ": " + FileKind.reason(e));
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("cannot be examined: " + FileKind.reason(e));
    }
  }

  public static String toJson(Object value) throws IOException {
    return WRITER.writeValueAsString(value);
  }

  private static boolean writesThrough(FileKind kind) {
    return kind == FileKind.CHARACTER_DEVICE || kind == FileKind.FIFO;
  }

  /** The absolute path to write; a symbolic link is followed to the file it names. */
  private static Path target(Path file) throws IOException {
    Path absolute = file.toAbsolutePath().normalize();
    return Files.isSymbolicLink(absolute) && Files.exists(absolute) ? absolute.toRealPath() : absolute;
  }

  private static Path parentOf(Path target) throws IOException {
    Path parent = target.getParent();
    if (parent == null) {
      throw new IOException(target + " is the root directory; " + ACCEPTED);
    }
    return parent;
  }
}
