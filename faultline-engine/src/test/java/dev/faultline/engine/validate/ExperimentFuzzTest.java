package dev.faultline.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.problem.InvalidInputException;
import dev.faultline.core.problem.Problem;
import dev.faultline.engine.Engine;
import dev.faultline.engine.load.Document;
import dev.faultline.engine.load.DocumentLoader;
import dev.faultline.engine.provider.EngineSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded, bounded fuzzing of load + validate: {@value #DEFAULT_COUNT} inputs made from the
 * experiment corpus (the Chaos Toolkit corpus and the golden experiments) by {@link ExperimentMutator}
 * — tree mutations, truncation, byte flips, bad encodings, deep nesting, huge numbers, YAML anchors
 * and tags. Every input must give a valid experiment or a list of errors, each at a line and
 * column, in one line of text for people: never an exception, never a library's class name.
 * Time and memory per input are bounded.
 *
 * <p>Input {@code i} is made from {@code Random(seed + i)}: {@code -Dfuzz.seed=S -Dfuzz.count=N}
 * reproduces or widens a run. A failing input is written to {@code target/fuzz-failures/} and
 * its seed printed; copy the file to {@code src/test/resources/fuzz-regressions/} to keep it as a
 * regression case (they all run in {@link #regressionInputsKeepTheProperties}).
 */
class ExperimentFuzzTest {
  static final int DEFAULT_COUNT = 10_000;
  private static final long DEFAULT_SEED = 20_261_205L;
  /** Generous: a correct input takes about a millisecond; a quadratic one would take far longer. */
  private static final long MAX_NANOS_PER_INPUT = 5_000_000_000L;
  /** Generous: the largest inputs (alias expansion at its bound) allocate a few tens of MiB. */
  private static final long MAX_BYTES_ALLOCATED_PER_INPUT = 512L << 20;
  /** The whole run stops (and fails) past this, whatever the count. */
  private static final long MAX_RUN_NANOS = 240_000_000_000L;
  private static final Pattern LIBRARY_WORDS = Pattern.compile(
      "(?i)com\\.fasterxml|org\\.yaml|jackson|snakeyaml|exception|streamread|jsonparser|jsontoken|\\bjava\\.|\\tat ");
  private static final Path REGRESSIONS = Path.of("src/test/resources/fuzz-regressions");

  private static final Engine ENGINE = Engine.standard(new EngineSettings(Optional.empty()));
  private static final DocumentLoader LOADER = new DocumentLoader();
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void everyMutatedExperimentIsValidOrLocatedProblemsNeverACrash() throws IOException {
    long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
    int count = Integer.getInteger("fuzz.count", DEFAULT_COUNT);
    ExperimentMutator mutator = new ExperimentMutator(corpus());
    long start = System.nanoTime();
    int[] byKind = new int[ExperimentMutator.Kind.values().length];
    long[] nanosByKind = new long[byKind.length];
    int valid = 0;
    for (int i = 0; i < count; i++) {
      assertThat(System.nanoTime() - start).as("fuzz run time after %d of %d inputs", i, count)
          .isLessThan(MAX_RUN_NANOS);
      long inputSeed = seed + i;
      ExperimentMutator.Input input = mutator.make(inputSeed);
      byKind[input.kind().ordinal()]++;
      long inputStart = System.nanoTime();
      try {
        valid += check(input.name(), input.bytes()) ? 1 : 0;
        nanosByKind[input.kind().ordinal()] += System.nanoTime() - inputStart;
      } catch (Throwable t) {
        Path saved = save(inputSeed, input);
        throw new AssertionError("fuzz input of seed " + inputSeed + " (" + input.kind() + ", saved as " + saved
            + "; rerun with -Dfuzz.seed=" + inputSeed + " -Dfuzz.count=1) broke a property: " + t.getMessage(), t);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    StringBuilder kinds = new StringBuilder();
    for (ExperimentMutator.Kind k : ExperimentMutator.Kind.values()) {
      kinds.append(' ').append(k.name().toLowerCase(Locale.ROOT)).append('=').append(byKind[k.ordinal()])
          .append(" (").append(nanosByKind[k.ordinal()] / 1_000_000).append(" ms)");
    }
    System.out.printf(Locale.ROOT, "fuzz: %d inputs (seed %d) in %.1f s, %d valid;%s%n", count, seed, seconds, valid,
        kinds);
    // The generator must reach every kind, and both outcomes, or the run proves little.
    for (int n : byKind) {
      assertThat(n).isPositive();
    }
    assertThat(valid).isPositive().isLessThan(count);
  }

  static Stream<Path> regressionInputs() throws IOException {
    try (Stream<Path> files = Files.list(REGRESSIONS)) {
      return files.filter(f -> !f.getFileName().toString().endsWith(".md")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("regressionInputs")
  void regressionInputsKeepTheProperties(Path file) throws IOException {
    check(file.getFileName().toString(), Files.readAllBytes(file));
    // Through a real file too: the loader's own reading path.
    ValidationResult viaFile = ENGINE.validate(file, Overrides.NONE);
    checkProblems(viaFile);
  }

  /** Loads and validates one input, checks the properties, and says whether it was valid. */
  static boolean check(String name, byte[] bytes) {
    long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
    long startNanos = System.nanoTime();
    ValidationResult result;
    DocumentLoader.Syntax syntax = name.endsWith(".json") ? DocumentLoader.Syntax.JSON : DocumentLoader.Syntax.YAML;
    try {
      Document document = LOADER.parse(name, bytes, syntax);
      result = ENGINE.validate(document, Overrides.NONE);
    } catch (InvalidInputException e) {
      result = new ValidationResult(Optional.empty(), e.problems());
    }
    long nanos = System.nanoTime() - startNanos;
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
    checkProblems(result);
    assertThat(nanos).as("nanoseconds to load and validate").isLessThan(MAX_NANOS_PER_INPUT);
    assertThat(allocated).as("bytes allocated to load and validate").isLessThan(MAX_BYTES_ALLOCATED_PER_INPUT);
    return result.valid();
  }

  private static void checkProblems(ValidationResult result) {
    if (!result.valid()) {
      assertThat(result.errors()).as("an invalid result has errors").isNotEmpty();
    }
    for (Problem p : result.problems()) {
      assertThat(p.location().line()).as("line of %s", p).isPositive();
      assertThat(p.location().column()).as("column of %s", p).isPositive();
      assertThat(p.message()).as("message").isNotBlank().doesNotContain("\n").doesNotContain("\r")
          .doesNotContainPattern(LIBRARY_WORDS);
    }
  }

  private static Path save(long seed, ExperimentMutator.Input input) throws IOException {
    Path dir = Path.of("target/fuzz-failures");
    Files.createDirectories(dir);
    String ext = input.name().substring(input.name().lastIndexOf('.'));
    Path file = dir.resolve("seed-" + seed + ext);
    Files.write(file, input.bytes());
    return file;
  }

  /** The Chaos Toolkit corpus and the golden experiments, as bytes with their names. */
  static List<ExperimentMutator.Input> corpus() throws IOException {
    List<ExperimentMutator.Input> out = new ArrayList<>();
    for (Path root : List.of(Path.of("src/test/resources/ctk-corpus"), Path.of("src/test/resources/experiments"))) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          String n = f.getFileName().toString();
          if (n.endsWith(".json") || n.endsWith(".yaml") || n.endsWith(".yml")) {
            out.add(new ExperimentMutator.Input(ExperimentMutator.Kind.CORPUS, n, Files.readAllBytes(f)));
          }
        }
      }
    }
    return out;
  }
}
