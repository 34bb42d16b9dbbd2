package dev.faultline.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.problem.Problem;
import dev.faultline.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The validation corpus: every file under {@code experiments/invalid} must be rejected with exactly
 * the problems in its {@code .expected} file (file:line:column, path, message); every file under
 * {@code experiments/valid} must be accepted with exactly the warnings in its {@code .expected}
 * file, if any. Run with {@code -Dgolden.update=true} to rewrite the expected files after a
 * deliberate change of wording, then review the diff.
 */
class ValidationCorpusTest {
  private static final Path ROOT = Path.of("src/test/resources/experiments");
  private static final Engine ENGINE = Engine.standard();

  static Stream<Path> invalid() throws IOException {
    return files("invalid");
  }

  static Stream<Path> valid() throws IOException {
    return files("valid");
  }

  private static Stream<Path> files(String dir) throws IOException {
    return Files.list(ROOT.resolve(dir)).filter(p -> !p.toString().endsWith(".expected")).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidFilesReportExactlyTheExpectedProblems(Path file) throws IOException {
    ValidationResult result = ENGINE.validate(file, Overrides.NONE);
    assertThat(result.valid()).as("valid").isFalse();
    assertThat(result.errors()).isNotEmpty();
    compareWithGolden(file, result.problems());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void validFilesAreAcceptedWithExactlyTheExpectedWarnings(Path file) throws IOException {
    ValidationResult result = ENGINE.validate(file, Overrides.NONE);
    assertThat(result.errors()).as("errors").isEmpty();
    compareWithGolden(file, result.problems());
  }

  private static void compareWithGolden(Path file, List<Problem> problems) throws IOException {
    String actual = problems.stream().map(p -> p.toString().replace(ROOT.toString() + "/", ""))
        .collect(Collectors.joining("\n"));
    Path golden = Path.of(file + ".expected");
    if (Boolean.getBoolean("golden.update")) {
      if (actual.isEmpty()) {
        Files.deleteIfExists(golden);
      } else {
        Files.writeString(golden, actual + "\n");
      }
      return;
    }
    String expected = Files.exists(golden) ? Files.readString(golden).strip() : "";
    assertThat(actual.strip()).isEqualTo(expected);
  }
}
