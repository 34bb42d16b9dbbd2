package dev.faultline.engine.python.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.CollectingValidation;
import dev.faultline.engine.provider.SimpleRunContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsPathExistsTest {
  private final OsPathExists exists = new OsPathExists();

  @TempDir
  Path dir;

  private Object call(Object path) throws Exception {
    Map<String, Object> arguments = new HashMap<>();
    arguments.put("path", path);
    return exists.call(arguments, SimpleRunContext.empty());
  }

  @Test
  void answersForFilesDirectoriesAndLinks() throws Exception {
    Path file = Files.writeString(dir.resolve("dummy.txt"), "x");
    Path broken = Files.createSymbolicLink(dir.resolve("broken"), dir.resolve("gone"));

    assertThat(call(file.toString())).isEqualTo(true);
    assertThat(call(dir.toString())).isEqualTo(true);
    assertThat(call(dir.resolve("gone").toString())).isEqualTo(false);
    assertThat(call(broken.toString())).as("links are followed").isEqualTo(false);
    assertThat(call("")).isEqualTo(false);
    assertThat(call("bad\0path")).isEqualTo(false);
  }

  @Test
  void noneRaisesTypeErrorAsPythonDoes() {
    assertThatThrownBy(() -> call(null))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessage("TypeError: stat: path should be string, bytes, os.PathLike or integer, not NoneType");
  }

  @Test
  void argumentsBindToTheSignature() {
    CollectingValidation validation = new CollectingValidation();

    exists.validate(Map.of("path", "${some_config_1}"), validation);
    exists.validate(Map.of(), validation);
    exists.validate(Map.of("path", "a", "follow", true), validation);

    assertThat(validation.errors()).extracting(CollectingValidation.Problem::path, CollectingValidation.Problem::message)
        .containsExactly(
            tuple("arguments",
                "required argument 'path' is missing; the function is os.path.exists(path)"),
            tuple("arguments.follow",
                "argument 'follow' is not a parameter of os.path.exists(path)"));
    assertThatThrownBy(() -> exists.call(Map.of(), SimpleRunContext.empty()))
        .hasMessage("TypeError: exists() missing 1 required positional argument: 'path'");
  }
}
