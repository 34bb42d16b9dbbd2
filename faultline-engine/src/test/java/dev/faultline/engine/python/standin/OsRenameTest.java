package dev.faultline.engine.python.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.ChildProcess;
import dev.faultline.engine.provider.Executables;
import dev.faultline.engine.provider.SimpleRunContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsRenameTest {
  private final OsRename rename = new OsRename();

  @TempDir
  Path dir;

  private Object call(Path src, Path dst) throws Exception {
    return rename.call(Map.of("src", src.toString(), "dst", dst.toString()), SimpleRunContext.empty());
  }

  @Test
  void renamesAndReplacesAnExistingFile() throws Exception {
    Path src = Files.writeString(dir.resolve("a.txt"), "new");
    Path dst = Files.writeString(dir.resolve("b.txt"), "old");

    assertThat(call(src, dst)).isNull();

    assertThat(src).doesNotExist();
    assertThat(dst).hasContent("new");
  }

  @Test
  void renamesADirectory() throws Exception {
    Path src = Files.createDirectory(dir.resolve("data"));
    Files.writeString(src.resolve("f"), "x");

    call(src, dir.resolve("data.moved"));

    assertThat(dir.resolve("data.moved").resolve("f")).hasContent("x");
  }

  @Test
  void failuresReadAsPythonsExceptions() throws Exception {
    Path missing = dir.resolve("a");
    Path target = dir.resolve("b");
    Path full = Files.createDirectory(dir.resolve("full"));
    Files.writeString(full.resolve("f"), "x");
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Path file = Files.writeString(dir.resolve("file"), "x");

    assertThatThrownBy(() -> call(missing, target)).isInstanceOf(ActivityFailedException.class)
        .hasMessage("FileNotFoundError: [Errno 2] No such file or directory: '" + missing + "' -> '" + target + "'");
    assertThatThrownBy(() -> call(empty, full))
        .hasMessage(python("os.rename('" + empty + "', '" + full + "')",
            "OSError: [Errno 39] Directory not empty: '" + empty + "' -> '" + full + "'"));
    assertThatThrownBy(() -> call(file, empty))
        .hasMessage(python("os.rename('" + file + "', '" + empty + "')",
            "IsADirectoryError: [Errno 21] Is a directory: '" + file + "' -> '" + empty + "'"));
    assertThatThrownBy(() -> call(empty, file))
        .hasMessage(python("os.rename('" + empty + "', '" + file + "')",
            "NotADirectoryError: [Errno 20] Not a directory: '" + empty + "' -> '" + file + "'"));
  }

  @Test
  void nonStringPathsRaiseTypeError() {
    assertThatThrownBy(() -> rename.call(Map.of("src", 3, "dst", "b"), SimpleRunContext.empty()))
        .hasMessage("TypeError: rename: src should be string, bytes or os.PathLike, not int");
  }

  /**
   * What Python itself says for {@code statement}, when python3 is here; else {@code expected}.
   * Checks both agree, so the expectation is Python's, not a guess.
   */
  private static String python(String statement, String expected) throws Exception {
    Optional<Path> python = Executables.find("python3");
    if (python.isEmpty()) {
      return expected;
    }
    String script = "import os, traceback\ntry:\n    " + statement + "\nexcept Exception as x:\n"
        + "    print(traceback.format_exception_only(type(x), x)[0].strip())";
    ChildProcess.Outcome outcome = ChildProcess.run(new ProcessBuilder(python.get().toString(), "-c", script),
        new byte[0], Optional.of(Duration.ofSeconds(30)));
    String said = outcome.stdoutText().strip();
    assumeTrue(!said.isEmpty(), "python3 did not run: " + outcome.stderrText());
    assertThat(said).as("Python's own message").isEqualTo(expected);
    return said;
  }
}
