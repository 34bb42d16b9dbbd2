package dev.faultline.engine.python.standin;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonSignature;
import dev.faultline.engine.python.PythonSignature.Parameter;
import dev.faultline.engine.python.PythonText;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * {@code os.rename(src, dst)}: renames a file or directory with the {@code rename} system call,
 * as Python does on Linux: an existing file {@code dst} is replaced, a move across file systems
 * fails. Relative paths are relative to the engine's working directory. Returns {@code None};
 * failures raise what Python raises, e.g. {@code FileNotFoundError: [Errno 2] No such file or
 * directory: 'a' -> 'b'}. The {@code src_dir_fd}/{@code dst_dir_fd} keywords are accepted but
 * only {@code None} is supported.
 */
public final class OsRename extends SignatureStandIn {

  /** Linux errno values and Python exception classes, by the JDK's strerror text. */
  private record Errno(int number, String exception) {}

  private static final Map<String, Errno> ERRNO = Map.ofEntries(
      Map.entry("Operation not permitted", new Errno(1, "PermissionError")),
      Map.entry("No such file or directory", new Errno(2, "FileNotFoundError")),
      Map.entry("Permission denied", new Errno(13, "PermissionError")),
      Map.entry("Device or resource busy", new Errno(16, "OSError")),
      Map.entry("File exists", new Errno(17, "FileExistsError")),
      Map.entry("Invalid cross-device link", new Errno(18, "OSError")),
      Map.entry("Not a directory", new Errno(20, "NotADirectoryError")),
      Map.entry("Is a directory", new Errno(21, "IsADirectoryError")),
      Map.entry("Invalid argument", new Errno(22, "OSError")),
      Map.entry("Read-only file system", new Errno(30, "OSError")),
      Map.entry("File name too long", new Errno(36, "OSError")),
      Map.entry("Directory not empty", new Errno(39, "OSError")),
      Map.entry("Too many levels of symbolic links", new Errno(40, "OSError")));

  public OsRename() {
    super(PythonSignature.of("os.rename", Parameter.required("src"), Parameter.required("dst"),
        Parameter.optional("src_dir_fd", null), Parameter.optional("dst_dir_fd", null)));
  }

  @Override
  public String summary() {
    return "Renames a file or directory (replaces an existing file) → None";
  }

  @Override
  protected Object invoke(Map<String, Object> arguments, RunContext context) throws ActivityFailedException {
    String src = path(arguments.get("src"), "src");
    String dst = path(arguments.get("dst"), "dst");
    if (arguments.get("src_dir_fd") != null || arguments.get("dst_dir_fd") != null) {
      throw new ActivityFailedException("NotImplementedError: Faultline's os.rename stand-in supports only"
          + " src_dir_fd=None and dst_dir_fd=None");
    }
    try {
      // ATOMIC_MOVE makes the JDK call rename(2) and nothing else, as Python does.
      Files.move(Path.of(src), Path.of(dst), StandardCopyOption.ATOMIC_MOVE);
      return null;
    } catch (InvalidPathException e) {
      throw new ActivityFailedException("ValueError: rename: embedded null character in path", e);
    } catch (IOException e) {
      throw new ActivityFailedException(pythonError(e, src, dst), e);
    }
  }

  private static String path(Object value, String name) throws ActivityFailedException {
    if (value instanceof String s) {
      return s;
    }
    throw new ActivityFailedException("TypeError: rename: " + name + " should be string, bytes or os.PathLike, not "
        + PythonTypes.name(value));
  }

  private static String pythonError(IOException e, String src, String dst) {
    String reason;
    if (e instanceof NoSuchFileException) {
      reason = "No such file or directory";
    } else if (e instanceof AccessDeniedException) {
      reason = "Permission denied";
    } else if (e instanceof DirectoryNotEmptyException) {
      reason = "Directory not empty";
    } else if (e instanceof FileAlreadyExistsException) {
      reason = "File exists";
    } else if (e instanceof AtomicMoveNotSupportedException) {
      reason = "Invalid cross-device link";
    } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
      reason = fse.getReason();
    } else {
      reason = String.valueOf(e.getMessage());
    }
    Errno errno = ERRNO.get(reason);
    String where = ": " + PythonText.repr(src) + " -> " + PythonText.repr(dst);
    return errno == null
        ? "OSError: " + reason + where
        : errno.exception() + ": [Errno " + errno.number() + "] " + reason + where;
  }
}
