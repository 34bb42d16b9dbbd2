package dev.faultline.engine.load;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What kind of file system object a path is (regular file, directory, FIFO, device, socket), and
 * the operating system's reason behind an {@link IOException}, both phrased for people.
 */
public enum FileKind {
  REGULAR("a regular file"),
  DIRECTORY("a directory"),
  FIFO("a FIFO (named pipe)"),
  CHARACTER_DEVICE("a character device"),
  BLOCK_DEVICE("a block device"),
  SOCKET("a socket"),
  OTHER("a special file");

  // st_mode file type bits (POSIX).
  private static final int S_IFMT = 0170000;
  private static final int S_IFIFO = 0010000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFSOCK = 0140000;

  private final String description;

  FileKind(String description) {
    this.description = description;
  }

  /** {@code a FIFO (named pipe)}, {@code a character device}, … */
  public String description() {
    return description;
  }

  /**
   * The kind of what {@code path} names, following symbolic links; empty when it does not exist.
   *
   * @throws IOException when it cannot be examined (e.g. a parent directory is not searchable)
   */
  public static Optional<FileKind> of(Path path) throws IOException {
    if (!Files.exists(path) && !Files.isSymbolicLink(path)) {
      return Optional.empty();
    }
    try {
      int mode = ((Number) Files.getAttribute(path, "unix:mode")).intValue() & S_IFMT;
      return Optional.of(switch (mode) {
        case S_IFREG -> REGULAR;
        case S_IFDIR -> DIRECTORY;
        case S_IFIFO -> FIFO;
        case S_IFCHR -> CHARACTER_DEVICE;
        case S_IFBLK -> BLOCK_DEVICE;
        case S_IFSOCK -> SOCKET;
        default -> OTHER;
      });
    } catch (NoSuchFileException e) {
      return Optional.empty(); // a dangling symbolic link
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      // No unix attribute view (not a POSIX system): the basic attributes still tell the main kinds.
      var attrs = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class);
      return Optional.of(attrs.isRegularFile() ? REGULAR : attrs.isDirectory() ? DIRECTORY : OTHER);
    }
  }

  /**
   * The operating system's reason for {@code e} ({@code Permission denied}, {@code Read-only file
   * system}, {@code No space left on device}), without Java class names.
   */
  public static String reason(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null && !f.getReason().isBlank()) {
      return f.getReason();
    }
    if (e instanceof AccessDeniedException) {
      return "Permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "No such file or directory";
    }
    if (e instanceof NotDirectoryException) {
      return "Not a directory";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "File exists";
    }
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return "input/output error";
    }
    // FileInputStream-style messages: "/path (Permission denied)" → the reason in parentheses.
    int open = m.lastIndexOf(" (");
    if (open >= 0 && m.endsWith(")")) {
      return m.substring(open + 2, m.length() - 1);
    }
    return m;
  }
}
