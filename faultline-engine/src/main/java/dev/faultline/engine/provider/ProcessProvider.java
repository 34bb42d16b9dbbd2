package dev.faultline.engine.provider;

import dev.faultline.core.experiment.ProviderSpec;
import dev.faultline.engine.python.PythonText;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * The {@code process} provider: runs a program, as Chaos Toolkit's
 * {@code chaoslib/provider/process.py} does.
 *
 * <ul>
 *   <li>{@code path} (required): the program, resolved on {@code PATH} unless it contains a slash;
 *       {@code ~} is expanded.
 *   <li>{@code arguments}: a list becomes the argument vector, no shell involved ({@code null} and
 *       {@code ""} items are dropped, other items go through Python's {@code str()}, so
 *       {@code true} is {@code True}); a string runs {@code /bin/sh -c "<resolved path> <arguments>"},
 *       so redirections and quotes work as in Chaos Toolkit; an object (deprecated) is flattened
 *       to {@code key1, value1, key2, value2…}.
 *   <li>{@code timeout}: seconds; when it passes, the process and its descendants are killed and
 *       the activity fails with "process activity took too long to complete".
 * </ul>
 *
 * <p>The output is {@code {"status": <exit code>, "stdout": <text>, "stderr": <text>}}, decoded
 * as UTF-8. A non-zero exit code is not a failure: tolerances decide. The environment is the
 * engine's; stdin is empty.
 */
public final class ProcessProvider implements ActivityProvider {
  private static final Set<String> KEYS = Set.of("path", "arguments", "timeout");

  @Override
  public String type() {
    return "process";
  }

  @Override
  public void validate(ProviderSpec spec, ProviderValidation validation) {
    PropertyChecks checks = new PropertyChecks(spec, validation);
    checks.unknownKeys(KEYS);
    checks.requiredString("path", "the program to run, e.g. \"ls\" or \"/usr/local/bin/vegeta\"")
        .ifPresent(path -> {
          if (locate(path).isEmpty()) {
            validation.error("path", notFound(path));
          }
        });
    Object arguments = spec.get("arguments");
    if (arguments instanceof String) {
      validation.warning("arguments", "arguments is a string, so it runs through /bin/sh (as Chaos Toolkit does);"
          + " give a list to run without a shell");
    } else if (arguments instanceof Map<?, ?>) {
      validation.warning("arguments", "arguments as an object is deprecated in Chaos Toolkit: it is flattened to"
          + " key1, value1, key2, value2…; give a list instead");
    } else if (arguments != null && !(arguments instanceof List<?>)) {
      validation.error("arguments", "arguments must be a list of arguments (or a string run through /bin/sh),"
          + " found " + PropertyChecks.describe(arguments));
    }
    checks.seconds("timeout");
  }

  @Override
  public Object run(Map<String, Object> properties, RunContext context)
      throws ActivityFailedException, InterruptedException {
    ProviderProperties props = new ProviderProperties(type(), properties);
    String path = props.requiredString("path");
    Path executable = locate(path).orElseThrow(() -> new ActivityFailedException(notFound(path)));
    List<String> command = command(executable, props.raw("arguments"));
    Optional<Duration> timeout = props.seconds("timeout");
    try {
      ChildProcess.Outcome outcome = ChildProcess.run(new ProcessBuilder(command), new byte[0], timeout);
      Map<String, Object> output = new LinkedHashMap<>();
      output.put("status", outcome.exitCode());
      output.put("stdout", outcome.stdoutText());
      output.put("stderr", outcome.stderrText());
      return output;
    } catch (TimeoutException e) {
      throw new ActivityFailedException("process activity took too long to complete");
    } catch (IOException e) {
      throw new ActivityFailedException("could not start " + executable + ": " + e.getMessage(), e);
    }
  }

  /** The argument vector Chaos Toolkit would build for {@code arguments}. */
  static List<String> command(Path executable, Object arguments) throws ActivityFailedException {
    List<String> command = new ArrayList<>();
    if (arguments instanceof String line) {
      command.add("/bin/sh");
      command.add("-c");
      command.add(executable + " " + line);
      return command;
    }
    List<Object> items = new ArrayList<>();
    if (arguments instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        items.add(k);
        items.add(v);
      });
    } else if (arguments instanceof List<?> list) {
      items.addAll(list);
    } else if (arguments != null) {
      throw new ActivityFailedException("process provider: arguments must be a list of arguments (or a string"
          + " run through /bin/sh), found " + PropertyChecks.describe(arguments));
    }
    command.add(executable.toString());
    for (Object item : items) {
      if (item != null && !"".equals(item)) {
        command.add(PythonText.str(item));
      }
    }
    return command;
  }

  private static Optional<Path> locate(String path) {
    return Executables.find(expandHome(path));
  }

  private static String expandHome(String path) {
    if (path.equals("~") || path.startsWith("~/")) {
      return System.getProperty("user.home") + path.substring(1);
    }
    return path;
  }

  // Says why, unlike Chaos Toolkit's "path 'None' cannot be found" (cli #160).
  private static String notFound(String path) {
    String expanded = expandHome(path);
    if (!expanded.contains(File.separator)) {
      String searched = System.getenv().getOrDefault("PATH", "");
      return "executable '" + path + "' was not found on PATH (" + searched + "); install it or give an absolute path";
    }
    Path p = Path.of(expanded);
    if (!Files.exists(p)) {
      return "executable '" + path + "' does not exist";
    }
    if (Files.isDirectory(p)) {
      return "'" + path + "' is a directory, not an executable file";
    }
    return "'" + path + "' is not executable; make it executable (chmod +x " + path
        + ") or run it through its interpreter (path \"sh\", arguments [\"" + path + "\"])";
  }
}
