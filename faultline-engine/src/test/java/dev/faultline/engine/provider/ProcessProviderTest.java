package dev.faultline.engine.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.faultline.core.experiment.ProviderSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessProviderTest {
  private final ProcessProvider provider = new ProcessProvider();

  @TempDir
  Path dir;

  @SuppressWarnings("unchecked")
  private Map<String, Object> run(Map<String, Object> properties) throws Exception {
    return (Map<String, Object>) provider.run(properties, SimpleRunContext.empty());
  }

  @Test
  void listArgumentsAreAnArgvWithoutShell() throws Exception {
    List<Object> arguments = new ArrayList<>(Arrays.asList("a b", "$HOME", null, "", true, 3, 1.5, false));

    Map<String, Object> output = run(Map.of("path", "printf", "arguments", List.of("[%s]", arguments)));
    // printf's format repeats for each argument; nested list here is one argument: its Python str().
    Map<String, Object> each = run(Map.of("path", "printf", "arguments",
        prepend("[%s]", arguments)));

    assertThat(output.get("stdout")).isEqualTo("[['a b', '$HOME', None, '', True, 3, 1.5, False]]");
    assertThat(each).isEqualTo(Map.of("status", 0, "stdout", "[a b][$HOME][True][3][1.5][False]", "stderr", ""));
  }

  private static List<Object> prepend(Object first, List<Object> rest) {
    List<Object> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  @Test
  void stringArgumentsRunThroughTheShellWithRedirection() throws Exception {
    Path file = dir.resolve("out.txt");

    Map<String, Object> output = run(Map.of("path", "echo", "arguments", "'updated' $((1+1)) > " + file));

    assertThat(output).isEqualTo(Map.of("status", 0, "stdout", "", "stderr", ""));
    assertThat(Files.readString(file)).isEqualTo("updated 2\n");
  }

  @Test
  void objectArgumentsAreFlattenedAsChaosToolkitDoes() throws Exception {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("-n", "x");
    arguments.put("y", null);

    Map<String, Object> output = run(Map.of("path", "echo", "arguments", arguments));

    assertThat(output.get("stdout")).as("echo -n x y, the null value dropped").isEqualTo("x y");
  }

  @Test
  void nonZeroExitAndStderrAreOutputsNotFailures() throws Exception {
    Map<String, Object> output = run(Map.of("path", "sh", "arguments",
        List.of("-c", "echo out; echo err >&2; printf '\\377'; exit 3")));

    assertThat(output).isEqualTo(Map.of("status", 3, "stdout", "out\n\uFFFD", "stderr", "err\n"));
  }

  @Test
  void largeOutputOnBothStreamsDoesNotDeadlock() throws Exception {
    Map<String, Object> output = run(Map.of("path", "sh", "timeout", 60, "arguments",
        List.of("-c", "head -c 300000 /dev/zero | tr '\\0' o; head -c 300000 /dev/zero | tr '\\0' e >&2; "
            + "head -c 300000 /dev/zero | tr '\\0' o")));

    assertThat((String) output.get("stdout")).hasSize(600_000);
    assertThat((String) output.get("stderr")).hasSize(300_000);
  }

  @Test
  void timeoutKillsTheProcessTree() throws Exception {
    Path pidFile = dir.resolve("pid");

    assertThatThrownBy(() -> run(Map.of("path", "sh", "timeout", 0.5, "arguments",
        List.of("-c", "sleep 30 & echo $! > " + pidFile + "; wait"))))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessage("process activity took too long to complete");

    long sleepPid = Long.parseLong(Files.readString(pidFile).trim());
    assertThat(Processes.endsWithin(sleepPid, Duration.ofSeconds(5))).as("sleep %d is killed", sleepPid).isTrue();
  }

  @Test
  void interruptKillsTheProcessTreeAtOnce() throws Exception {
    Path pidFile = dir.resolve("pid");
    ProviderRun run = new ProviderRun(provider, Map.of("path", "sh", "arguments",
        List.of("-c", "sleep 30 & echo $! > " + pidFile + "; wait")), SimpleRunContext.empty());
    long sleepPid = Processes.awaitPidFile(pidFile, Duration.ofSeconds(10));
    assertThat(Processes.alive(sleepPid)).isTrue();

    Duration took = run.interruptAndJoin(Duration.ofSeconds(5));

    assertThat(run.alive()).isFalse();
    assertThat(run.failure()).isInstanceOf(InterruptedException.class);
    assertThat(took).isLessThan(Duration.ofSeconds(2));
    assertThat(Processes.endsWithin(sleepPid, Duration.ofSeconds(2))).as("sleep %d is killed", sleepPid).isTrue();
  }

  @Test
  void validationSaysWhereItLookedForAMissingExecutable() {
    CollectingValidation validation = new CollectingValidation();

    provider.validate(new ProviderSpec("process", Map.of("path", "vegeta-not-installed")), validation);

    assertThat(validation.errors()).extracting(CollectingValidation.Problem::path, CollectingValidation.Problem::message)
        .containsExactly(tuple("path", "executable 'vegeta-not-installed' was not found on PATH ("
            + System.getenv("PATH") + "); install it or give an absolute path"));
  }

  @Test
  void validationExplainsAScriptThatIsNotExecutable() throws Exception {
    Path script = dir.resolve("probe.sh");
    Files.writeString(script, "#!/bin/sh\necho ok\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
    CollectingValidation validation = new CollectingValidation();

    provider.validate(new ProviderSpec("process", Map.of("path", script.toString())), validation);
    provider.validate(new ProviderSpec("process", Map.of("path", dir.resolve("gone.sh").toString())), validation);

    assertThat(validation.errors()).extracting(CollectingValidation.Problem::message).containsExactly(
        "'" + script + "' is not executable; make it executable (chmod +x " + script
            + ") or run it through its interpreter (path \"sh\", arguments [\"" + script + "\"])",
        "executable '" + dir.resolve("gone.sh") + "' does not exist");
  }

  @Test
  void validationWarnsAboutShellAndDeprecatedForms() {
    CollectingValidation validation = new CollectingValidation();

    provider.validate(new ProviderSpec("process", Map.of("path", "ls", "arguments", "-l > out")), validation);
    provider.validate(new ProviderSpec("process", Map.of("path", "ls", "arguments", Map.of("-l", "x"))), validation);
    provider.validate(new ProviderSpec("process", Map.of("path", "ls", "arguments", 5, "timeout", "${t}")), validation);

    assertThat(validation.warnings()).extracting(CollectingValidation.Problem::message).containsExactly(
        "arguments is a string, so it runs through /bin/sh (as Chaos Toolkit does); give a list to run without a shell",
        "arguments as an object is deprecated in Chaos Toolkit: it is flattened to key1, value1, key2, value2…;"
            + " give a list instead");
    assertThat(validation.errors()).extracting(CollectingValidation.Problem::message).containsExactly(
        "arguments must be a list of arguments (or a string run through /bin/sh), found the number 5");
  }

  @Test
  void runFailsClearlyWhenTheExecutableIsGone() {
    assertThatThrownBy(() -> run(Map.of("path", "vegeta-not-installed")))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessageStartingWith("executable 'vegeta-not-installed' was not found on PATH (");
  }
}
