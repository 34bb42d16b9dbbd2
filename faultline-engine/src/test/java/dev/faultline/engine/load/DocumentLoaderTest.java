package dev.faultline.engine.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.problem.InvalidInputException;
import dev.faultline.core.problem.Problem;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Reading experiment files that are hostile or odd: real files, FIFOs, devices and symbolic links. */
class DocumentLoaderTest {
  private static final DocumentLoader LOADER = new DocumentLoader();

  @TempDir
  Path dir;

  @Test
  void yamlAliasesAreResolvedAsPyYamlDoesNotReadAsTheAnchorName() throws Exception {
    Document d = parseYaml("""
        args: &args ["-n", "hello"]
        base: &base {type: process, path: echo}
        first:
          arguments: *args
        second:
          <<: *base
          path: printf
        third:
          <<: [{path: "true", timeout: 5}, *base]
        """);
    Map<?, ?> root = (Map<?, ?>) d.root();
    assertThat(((Map<?, ?>) root.get("first")).get("arguments")).isEqualTo(List.of("-n", "hello"));
    assertThat(root.get("second")).isEqualTo(Map.of("type", "process", "path", "printf"));
    // In a list of merged mappings the first one wins, as in PyYAML.
    assertThat(root.get("third")).isEqualTo(Map.of("type", "process", "path", "true", "timeout", 5));
    assertThat(d.problems()).isEmpty();
  }

  @Test
  void aliasedValuesAreCopiesSoAChangeInOnePlaceDoesNotShowInAnother() throws Exception {
    Document d = parseYaml("a: &x {k: [1]}\nb: *x\n");
    Map<?, ?> root = (Map<?, ?>) d.root();
    assertThat(root.get("a")).isEqualTo(root.get("b")).isNotSameAs(root.get("b"));
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aBillionLaughsIsRefusedAtTheAliasThatCrossesTheBound() {
    StringBuilder yaml = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i <= 9; i++) {
      yaml.append("l").append(i).append(": &l").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        yaml.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
      }
      yaml.append("]\n");
    }
    assertThatThrownBy(() -> parseYaml(yaml.toString())).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> {
          Problem p = ((InvalidInputException) e).problems().get(0);
          assertThat(p.location().line()).isBetween(2, 10);
          assertThat(p.message()).contains("aliases").contains("100000");
        });
  }

  @Test
  void aFifoIsRefusedWithoutOpeningIt() throws Exception {
    Path fifo = dir.resolve("experiment.json");
    run("mkfifo", fifo.toString());

    // Opening a FIFO without a writer blocks for ever: the check must come before the open.
    assertThat(problemOf(fifo)).contains("is a FIFO (named pipe), not a regular file");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aSymbolicLinkToDevZeroIsRefusedInsteadOfReadForEver() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("zero.yaml"), Path.of("/dev/zero"));

    assertThat(problemOf(link)).contains("is a character device, not a regular file");
  }

  @Test
  void aFileLargerThan16MiBIsRefused() throws Exception {
    Path big = dir.resolve("big.json");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(DocumentLoader.MAX_FILE_BYTES + 1L); // sparse: costs no disk
    }

    assertThat(problemOf(big)).contains("is larger than 16 MiB");
  }

  @Test
  void aFileThatCannotBeReadSaysTheOperatingSystemsReason() throws Exception {
    // /proc/self/mem is a regular file that fails every read at offset 0 (EIO), even for root.
    Path link = Files.createSymbolicLink(dir.resolve("mem.json"), Path.of("/proc/self/mem"));

    assertThat(problemOf(link)).isEqualTo("cannot be read: Input/output error");
  }

  @Test
  void aDirectoryAndAMissingFileSayWhatTheyAre() throws Exception {
    Files.createDirectory(dir.resolve("dir.yaml"));

    assertThat(problemOf(dir.resolve("dir.yaml"))).contains("is a directory, not a regular file");
    assertThat(problemOf(dir.resolve("missing.yaml"))).isEqualTo("file does not exist");
  }

  @Test
  void invalidUtf8IsReportedAtTheLineAndColumnOfTheBadByte() throws Exception {
    Path f = dir.resolve("latin1.yaml");
    Files.write(f, "title: ok\ndescription: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

    Problem p = loadProblem(f);
    assertThat(p.location().line()).isEqualTo(2);
    assertThat(p.location().column()).isEqualTo(17);
    assertThat(p.message()).startsWith("invalid UTF-8: the byte 0xE9 (offset 26)");
  }

  @Test
  void utf16WithAByteOrderMarkIsReadAndATruncatedOneIsLocated() throws Exception {
    byte[] text = "title: \u00e9t\u00e9\n".getBytes(StandardCharsets.UTF_16LE);
    byte[] withBom = new byte[text.length + 2];
    withBom[0] = (byte) 0xFF;
    withBom[1] = (byte) 0xFE;
    System.arraycopy(text, 0, withBom, 2, text.length);
    assertThat(LOADER.parse("u.yaml", withBom, DocumentLoader.Syntax.YAML).root()).isEqualTo(Map.of("title", "\u00e9t\u00e9"));

    byte[] truncated = java.util.Arrays.copyOf(withBom, withBom.length - 1);
    assertThatThrownBy(() -> LOADER.parse("u.yaml", truncated, DocumentLoader.Syntax.YAML))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> {
          Problem p = ((InvalidInputException) e).problems().get(0);
          assertThat(p.location().line()).isEqualTo(1);
          assertThat(p.message()).startsWith("invalid UTF-16: the byte 0x0A");
        });
  }

  @Test
  void parserMessagesNameNoLibrary() throws Exception {
    for (String[] input : new String[][] {
        {"json", "{\"a\": NaN}"}, {"json", "[1, 2"}, {"json", "{\"a\": " + "9".repeat(1500) + "}"},
        {"yaml", "a: [1, 2\n"}, {"yaml", "? [a]\n: b\n"}, {"yaml", "a:\n\t- b\n"}, {"yaml", "a: \u0001\n"},
        {"json", "[".repeat(5000)}, {"yaml", "[".repeat(5000)}, {"yaml", "a: 1\n---\nb: 2\n"}}) {
      DocumentLoader.Syntax syntax = input[0].equals("json") ? DocumentLoader.Syntax.JSON : DocumentLoader.Syntax.YAML;
      assertThatThrownBy(() -> LOADER.parse("f." + input[0], input[1], syntax)).as(input[1])
          .isInstanceOf(InvalidInputException.class)
          .satisfies(e -> {
            Problem p = ((InvalidInputException) e).problems().get(0);
            assertThat(p.location().line()).as(input[1]).isPositive();
            assertThat(p.message()).as(input[1]).doesNotContainPattern(ParserMessages.LIBRARY_WORDS).doesNotContain("\n");
          });
    }
  }

  private Document parseYaml(String yaml) throws InvalidInputException {
    return LOADER.parse("test.yaml", yaml, DocumentLoader.Syntax.YAML);
  }

  private static String problemOf(Path file) {
    return loadProblem(file).message();
  }

  private static Problem loadProblem(Path file) {
    try {
      LOADER.load(file);
    } catch (InvalidInputException e) {
      assertThat(e.problems()).hasSize(1);
      return e.problems().get(0);
    }
    throw new AssertionError(file + " was loaded");
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).inheritIO().start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }
}
