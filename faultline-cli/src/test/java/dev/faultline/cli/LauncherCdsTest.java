package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./faultline} launcher script and its class-data-sharing archive: whatever state the
 * archive is in (missing, garbage, truncated, being recorded by a concurrent call), a verb exits as
 * it would without one, prints the same, and no CDS warning reaches the user.
 *
 * <p>The real launcher runs in a sandbox laid out like the repository: the script, and a built
 * distribution ({@code faultline-cli/target/faultline-cli-*.jar} made from this module's classes,
 * {@code target/lib/} holding the jars of this test's class path) with a build stamp newer than
 * everything, so the launcher never starts Maven. There are no sources in the sandbox to go stale.
 */
class LauncherCdsTest {
  private static final Duration LAUNCH = Duration.ofSeconds(120);
  private static final String VALID = "experiment.json: experiment syntax and semantic look valid\n";

  /** The distribution's jars, made once: the CLI's classes, and every class directory jarred. */
  @TempDir
  static Path distribution;

  private static Path cliJar;
  private static List<Path> libJars;

  @TempDir
  Path repo;

  private Path target;
  private Path archive;
  private Path archiveSize;

  @BeforeAll
  static void buildDistribution() throws IOException {
    Path cliClasses = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    cliJar = distribution.resolve("faultline-cli-0.1.0-SNAPSHOT.jar");
    jar(cliClasses, cliJar);
    libJars = new ArrayList<>();
    Path lib = Files.createDirectories(distribution.resolve("lib"));
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path path = Path.of(entry);
      if (path.equals(cliClasses) || !Files.exists(path)) {
        continue;
      }
      // Numbered: names stay unique. Copied here once, then hard-linked into each sandbox.
      Path copy = lib.resolve(libJars.size() + "-" + path.getFileName().toString().replace(".jar", "") + ".jar");
      if (Files.isDirectory(path)) {
        jar(path, copy); // CDS archives classes from jars only; sibling modules may be class directories.
      } else {
        Files.copy(path, copy);
      }
      libJars.add(copy);
    }
  }

  @BeforeEach
  void layOutRepository() throws IOException {
    layOut(repo);
    target = repo.resolve("faultline-cli/target");
    archive = target.resolve("faultline-cds.jsa");
    archiveSize = target.resolve("faultline-cds.size");
  }

  /** A repository checkout with a built distribution and no sources at {@code root}. */
  private static void layOut(Path root) throws IOException {
    Path script = Path.of("..", "faultline").toAbsolutePath().normalize();
    assertThat(script).as("the launcher at the repository root").isRegularFile();
    Files.copy(script, root.resolve("faultline"));
    root.resolve("faultline").toFile().setExecutable(true);
    Path dist = Files.createDirectories(root.resolve("faultline-cli/target"));
    Path lib = Files.createDirectories(dist.resolve("lib"));
    link(cliJar, dist.resolve(cliJar.getFileName()));
    for (Path jar : libJars) {
      link(jar, lib.resolve(jar.getFileName()));
    }
    // Newer than the jars it stands for, as after a real build.
    Files.setLastModifiedTime(Files.createFile(dist.resolve(".faultline-built")), FileTime.from(Instant.now()));
    Files.writeString(root.resolve("experiment.json"), """
        {"title": "t", "description": "d",
         "method": [{"type": "action", "name": "say", "provider": {"type": "process", "path": "true"}}]}
        """);
  }

  private static void link(Path existing, Path link) throws IOException {
    try {
      Files.createLink(link, existing);
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(existing, link, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  @Test
  void withNoArchiveAVerbRunsCleanlyAndTheLauncherRecordsOneThatTheNextCallUses() throws IOException {
    assertThat(archive).doesNotExist();

    Result first = launch("validate", "experiment.json");

    assertClean(first, VALID);
    assertThat(archive).as("recorded on first use").isRegularFile();
    assertThat(Files.readString(archiveSize).strip()).isEqualTo(Long.toString(Files.size(archive)));

    Result second = launch(Map.of("FAULTLINE_JAVA_OPTS", "-Xlog:class+load=info:file=" + repo.resolve("classes.log")),
        "validate", "experiment.json");

    assertClean(second, VALID);
    assertThat(Files.readString(repo.resolve("classes.log")))
        .as("CLI classes come from the archive")
        .containsPattern("dev\\.faultline\\.cli\\.ValidateCommand source: shared objects file \\(top\\)");
  }

  @Test
  void anArchiveTheJvmFindsOutOfDateIsIgnoredWithoutAWord() throws IOException {
    assertClean(launch("--version"), "faultline 0.1.0\n");
    // A jar replaced by another build with an older time (restored from a backup, copied with
    // cp -p): the launcher's cheap checks pass, the JVM sees the jar differs from the recorded
    // one, refuses the archive and, left to itself, warns on standard output.
    Path jar = target.resolve(cliJar.getFileName());
    Files.delete(jar);
    Files.copy(cliJar, jar);
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));

    Result validate = launch(Map.of("FAULTLINE_JAVA_OPTS", "-Xlog:class+load=info:file=" + repo.resolve("classes.log")),
        "validate", "experiment.json");

    assertClean(validate, VALID);
    assertThat(Files.readString(repo.resolve("classes.log"))).as("the JVM did refuse the archive")
        .doesNotContain("shared objects file (top)");
  }

  @Test
  void aGarbageArchiveIsIgnoredByTheJvmWithoutAWord() throws IOException {
    byte[] garbage = new byte[3 * 1024 * 1024];
    long seed = 20261205L;
    new Random(seed).nextBytes(garbage);
    Files.write(archive, garbage);
    // The size the launcher expects matches, so the garbage does reach the JVM.
    Files.writeString(archiveSize, garbage.length + "\n");
    Files.setLastModifiedTime(archive, FileTime.from(Instant.now().plusSeconds(2)));

    Result validate = launch("validate", "experiment.json");
    Result version = launch("--version");

    assertClean(validate, VALID);
    assertClean(version, "faultline 0.1.0\n");
    assertThat(Files.readAllBytes(archive)).as("seed " + seed + ": the garbage itself was used, not replaced")
        .isEqualTo(garbage);
  }

  @Test
  void aTruncatedArchiveIsNotHandedToTheJvmWhichWouldCrash() throws IOException {
    assertClean(launch("--version"), "faultline 0.1.0\n");
    byte[] whole = Files.readAllBytes(archive);
    assertThat(whole.length).isGreaterThan(8192);
    archive.toFile().setWritable(true);
    Files.write(archive, java.util.Arrays.copyOf(whole, 8192));

    Result validate = launch("validate", "experiment.json");

    assertClean(validate, VALID);
    assertThat(Files.size(archive)).as("recorded again in full").isEqualTo(Long.parseLong(
        Files.readString(archiveSize).strip()));
  }

  @Test
  void concurrentFirstCallsAllSucceedAndLeaveOneWholeArchive() throws Exception {
    List<Launch> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(start(repo, Map.of(), "validate", "experiment.json"));
    }
    for (Launch call : calls) {
      assertClean(finish(call), VALID);
    }

    assertThat(archive).isRegularFile();
    assertThat(Files.size(archive)).isEqualTo(Long.parseLong(Files.readString(archiveSize).strip()));
    try (var leftovers = Files.list(target)) {
      assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains(".tmp."));
    }
    assertClean(launch("validate", "experiment.json"), VALID);
  }

  @Test
  void aSourceNewerThanTheBuildStartsABuildWithOrWithoutAnArchive(@TempDir Path bin) throws IOException {
    // Maven stands in as a script that says it ran and fails, so the build stops right there.
    Path mvn = bin.resolve("mvn");
    Files.writeString(mvn, "#!/bin/sh\necho maven-was-called >&2\nexit 1\n");
    mvn.toFile().setExecutable(true);
    Map<String, String> withFakeMaven = Map.of("PATH", bin + java.io.File.pathSeparator + javaBinThenPath());
    assertClean(launch(withFakeMaven, "--version"), "faultline 0.1.0\n");
    assertThat(archive).isRegularFile();
    Path source = repo.resolve("faultline-cli/src/main/java/Edited.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "class Edited {}\n");
    Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(5)));

    Result withArchive = launch(withFakeMaven, "--version");
    Files.delete(archive);
    Result withoutArchive = launch(withFakeMaven, "--version");

    for (Result result : List.of(withArchive, withoutArchive)) {
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
      assertThat(result.stderr()).as(result.toString()).contains("maven-was-called").contains("build failed");
    }
  }

  private static String javaBinThenPath() {
    return Path.of(System.getProperty("java.home"), "bin") + java.io.File.pathSeparator + System.getenv("PATH");
  }

  private static void assertClean(Result result, String expectedStdout) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).as(result.toString()).isEqualTo(expectedStdout);
    assertThat(result.stderr()).as(result.toString()).isEmpty();
  }

  private Result launch(String... args) {
    return launch(Map.of(), args);
  }

  private Result launch(Map<String, String> environment, String... args) {
    return finish(start(repo, environment, args));
  }


  /** Starts {@code faultline ARGS} in the sandbox; its output goes to files, read by {@link #finish}. */
  private static Launch start(Path repo, Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>(List.of(repo.resolve("faultline").toString()));
    command.addAll(List.of(args));
    String name = "call-" + System.nanoTime();
    Path out = repo.resolve(name + ".out");
    Path err = repo.resolve(name + ".err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    // The launcher runs `java` from PATH: make it the JDK running this test.
    builder.environment().put("PATH", javaBinThenPath());
    builder.environment().put("NO_COLOR", "1");
    builder.environment().remove("FAULTLINE_JAVA_OPTS");
    builder.environment().putAll(environment);
    try {
      return new Launch(builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  private static Result finish(Launch launch) {
    Process process = launch.process();
    try {
      if (!process.waitFor(LAUNCH.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError("the launcher did not exit within " + LAUNCH);
      }
      return new Result(process.exitValue(), Files.readString(launch.out()), Files.readString(launch.err()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new AssertionError("interrupted", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A running launcher call and the files its output goes to. */
  private record Launch(Process process, Path out, Path err) {}

  /** One finished launcher call. */
  private record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  /** Writes every file under {@code directory} into a new jar at {@code jar}. */
  private static void jar(Path directory, Path jar) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      Files.walkFileTree(directory, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) throws IOException {
          out.putNextEntry(new JarEntry(directory.relativize(path).toString().replace('\\', '/')));
          try (InputStream in = Files.newInputStream(path)) {
            in.transferTo(out);
          }
          out.closeEntry();
          return FileVisitResult.CONTINUE;
        }
      });
    }
    assertThat(new String(Files.readAllBytes(jar), 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("PK");
  }
}
