package dev.faultline.engine.python.standin;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonSignature;
import dev.faultline.engine.python.PythonSignature.Parameter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code os.path.exists(path)}: whether {@code path} names an existing file or directory,
 * symbolic links followed (a broken link does not exist). A relative path is relative to the
 * engine's working directory. As in Python, a path that cannot be checked gives {@code False},
 * an integer is an open file descriptor number of the engine process, and {@code None} raises
 * {@code TypeError}.
 */
public final class OsPathExists extends SignatureStandIn {

  public OsPathExists() {
    super(PythonSignature.of("os.path.exists", Parameter.required("path")));
  }

  @Override
  public String summary() {
    return "Whether a file or directory exists (links followed) → bool";
  }

  @Override
  protected Object invoke(Map<String, Object> arguments, RunContext context) throws ActivityFailedException {
    Object path = arguments.get("path");
    if (path instanceof String text) {
      return exists(text);
    }
    if (path instanceof Integer || path instanceof Long || path instanceof Boolean) {
      // Python's os.stat(int) looks at a file descriptor; Linux lists the open ones here.
      long fd = path instanceof Boolean b ? (b ? 1 : 0) : ((Number) path).longValue();
      return Files.exists(Path.of("/proc/self/fd/" + fd), LinkOption.NOFOLLOW_LINKS);
    }
    throw new ActivityFailedException("TypeError: stat: path should be string, bytes, os.PathLike or integer, not "
        + PythonTypes.name(path));
  }

  private static boolean exists(String path) {
    if (path.isEmpty()) {
      return false; // Java reads "" as the working directory; Python's stat("") fails
    }
    try {
      return Files.exists(Path.of(path));
    } catch (InvalidPathException e) {
      return false; // e.g. an embedded NUL: Python's ValueError, which exists() turns into False
    }
  }
}
