package dev.faultline.engine.python;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.ChildProcess;
import dev.faultline.engine.provider.EngineSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Calls real Python functions for python providers that have no native stand-in, through a
 * Python 3 interpreter ({@code FAULTLINE_PYTHON}, else {@code python3} on PATH; see
 * {@link EngineSettings}).
 *
 * <p>Each call runs {@code <interpreter> -c <embedded script>} with one JSON request on stdin
 * ({@code {"mode", "module", "func", "arguments", "configuration", "secrets"}}) and reads one
 * JSON answer from stdout: {@code {"ok": true, "result": …}} or {@code {"ok": false, "error":
 * "<ExceptionType>: <message>"}}. As Chaos Toolkit does, the script passes {@code configuration}
 * only to a function that has that parameter, and {@code secrets} only when the provider lists
 * secret scopes and the function has that parameter. What the function prints goes to stderr,
 * so it cannot spoil the answer. A result JSON cannot hold is sent as its {@code str()}.
 *
 * <p>Calls have no time limit (Chaos Toolkit's python provider has none) but end at once on
 * thread interrupt, the interpreter and its children killed.
 */
public final class PythonBridge {
  private static final Duration IMPORT_CHECK_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration SIGNATURE_CHECK_TIMEOUT = Duration.ofSeconds(60);
  private static final String FIND_SPEC =
      "import importlib.util,sys; sys.exit(0 if importlib.util.find_spec(sys.argv[1]) else 1)";
  private static final String SCRIPT = """
      import importlib, inspect, json, os, sys, traceback
      answer = os.fdopen(os.dup(1), "w", encoding="utf-8")
      os.dup2(2, 1)
      sys.stdout = sys.stderr
      def reply(doc):
          answer.write(json.dumps(doc, default=str))
          answer.flush()
          sys.exit(0)
      def describe(x):
          return traceback.format_exception_only(type(x), x)[0].strip()
      request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
      try:
          module = importlib.import_module(request["module"])
      except Exception as x:
          reply({"ok": False, "stage": "import", "error": describe(x)})
      func = getattr(module, request["func"], None)
      if not callable(func):
          reply({"ok": False, "stage": "lookup",
                 "error": "module '%s' has no function '%s'" % (request["module"], request["func"])})
      arguments = dict(request.get("arguments") or {})
      try:
          parameters = inspect.signature(func).parameters
      except (TypeError, ValueError):
          parameters = None
      if request["mode"] == "check":
          if parameters is not None:
              for name in ("configuration", "secrets"):
                  if name in parameters:
                      arguments[name] = None
              try:
                  inspect.signature(func).bind(**arguments)
              except TypeError as x:
                  reply({"ok": False, "stage": "bind", "error": str(x)})
          reply({"ok": True})
      if parameters is not None:
          if "secrets" in request and "secrets" in parameters:
              arguments["secrets"] = request["secrets"]
          if "configuration" in parameters:
              arguments["configuration"] = dict(request.get("configuration") or {})
      try:
          result = func(**arguments)
      except Exception as x:
          reply({"ok": False, "stage": "call", "error": describe(x)})
      reply({"ok": True, "result": result})
      """;
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // json.dumps writes NaN and Infinity
      .build();

  private final Optional<Path> interpreter;
  private final Map<String, Boolean> importable = new ConcurrentHashMap<>();

  /** @param interpreter the Python 3 to run; empty disables the bridge */
  public PythonBridge(Optional<Path> interpreter) {
    this.interpreter = interpreter;
  }

  /** The bridge over the settings' interpreter. */
  public static PythonBridge from(EngineSettings settings) {
    return new PythonBridge(settings.pythonInterpreter());
  }

  /** The interpreter, if the bridge is enabled. */
  public Optional<Path> interpreter() {
    return interpreter;
  }

  /**
   * Whether the interpreter finds {@code module} ({@code importlib.util.find_spec}), within 5 s.
   * The answer is cached per module. False when the bridge is disabled or the interpreter cannot
   * run. An interrupt gives false and keeps the thread's interrupt flag.
   */
  public boolean canImport(String module) {
    if (interpreter.isEmpty()) {
      return false;
    }
    Boolean known = importable.get(module);
    if (known != null) {
      return known;
    }
    boolean found;
    try {
      ProcessBuilder builder = new ProcessBuilder(interpreter.get().toString(), "-c", FIND_SPEC, module);
      found = ChildProcess.run(builder, new byte[0], Optional.of(IMPORT_CHECK_TIMEOUT)).exitCode() == 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (IOException | TimeoutException e) {
      found = false;
    }
    importable.put(module, found);
    return found;
  }

  /**
   * Checks, as Chaos Toolkit's validation does, that {@code module.func} exists and accepts
   * {@code argumentNames} as keyword arguments.
   *
   * @return what is wrong, or empty when the call would bind (or the check could not finish)
   */
  public Optional<String> check(String module, String func, Set<String> argumentNames) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    argumentNames.forEach(name -> arguments.put(name, null));
    Map<String, Object> request = request("check", module, func, arguments, Map.of(), Optional.empty());
    try {
      Map<String, Object> answer = exchange(request, Optional.of(SIGNATURE_CHECK_TIMEOUT));
      if (Boolean.TRUE.equals(answer.get("ok"))) {
        return Optional.empty();
      }
      String error = String.valueOf(answer.get("error"));
      return Optional.of(switch (String.valueOf(answer.get("stage"))) {
        case "import" -> "python module '" + module + "' fails to import with " + interpreter.get() + ": " + error;
        case "bind" -> "arguments do not fit " + module + "." + func + ": " + error;
        default -> error;
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ActivityFailedException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * Calls {@code module.func(**arguments)}.
   *
   * @param secrets the merged secrets of the provider's {@code secrets} scopes; empty when the
   *     provider lists none (the function then gets its default)
   * @return the function's return value as a JSON value tree
   * @throws ActivityFailedException with {@code "<ExceptionType>: <message>"} when the function
   *     raised, or why the bridge could not call it
   */
  public Object call(String module, String func, Map<String, Object> arguments, Map<String, Object> configuration,
      Optional<Map<String, Object>> secrets) throws ActivityFailedException, InterruptedException {
    Map<String, Object> answer = exchange(request("call", module, func, arguments, configuration, secrets),
        Optional.empty());
    if (!Boolean.TRUE.equals(answer.get("ok"))) {
      throw new ActivityFailedException(String.valueOf(answer.get("error")));
    }
    return answer.get("result");
  }

  private static Map<String, Object> request(String mode, String module, String func, Map<String, Object> arguments,
      Map<String, Object> configuration, Optional<Map<String, Object>> secrets) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("mode", mode);
    request.put("module", module);
    request.put("func", func);
    request.put("arguments", arguments);
    request.put("configuration", configuration);
    secrets.ifPresent(s -> request.put("secrets", s));
    return request;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> exchange(Map<String, Object> request, Optional<Duration> timeout)
      throws ActivityFailedException, InterruptedException {
    Path python = interpreter.orElseThrow(() -> new ActivityFailedException(
        "the Python bridge is disabled: no Python interpreter (set FAULTLINE_PYTHON to a python3)"));
    ChildProcess.Outcome outcome;
    try {
      ProcessBuilder builder = new ProcessBuilder(List.of(python.toString(), "-c", SCRIPT));
      outcome = ChildProcess.run(builder, MAPPER.writeValueAsBytes(request), timeout);
    } catch (IOException e) {
      throw new ActivityFailedException("the Python bridge cannot run " + python + ": " + e.getMessage(), e);
    } catch (TimeoutException e) {
      throw new ActivityFailedException("the Python bridge (" + python + ") did not answer within "
          + timeout.map(Duration::toSeconds).orElse(0L) + " s", e);
    }
    String stdout = outcome.stdoutText().strip();
    if (stdout.isEmpty()) {
      throw new ActivityFailedException("the Python bridge (" + python + ") ended with exit code " + outcome.exitCode()
          + " without an answer" + tail(outcome.stderrText()));
    }
    try {
      return MAPPER.readValue(stdout, Map.class);
    } catch (JsonProcessingException e) {
      throw new ActivityFailedException("the Python bridge (" + python + ") answered with something that is not"
          + " JSON: " + stdout, e);
    }
  }

  // The last lines of what Python wrote to stderr: usually the traceback that explains a crash.
  private static String tail(String stderr) {
    String trimmed = stderr.strip();
    if (trimmed.isEmpty()) {
      return "";
    }
    String[] lines = trimmed.split("\n");
    return "; stderr ends with: " + String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 5), lines.length));
  }
}
