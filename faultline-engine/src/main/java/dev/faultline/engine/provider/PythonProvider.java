package dev.faultline.engine.provider;

import dev.faultline.core.experiment.ProviderSpec;
import dev.faultline.engine.python.PythonBridge;
import dev.faultline.engine.python.PythonFunction;
import dev.faultline.engine.python.PythonFunctions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code python} provider: calls {@code module.func(**arguments)}, as Chaos Toolkit's
 * {@code chaoslib/provider/python.py} does, without needing Python for the functions Faultline
 * has a native stand-in for ({@link PythonFunctions}); other functions go through the
 * {@link PythonBridge} when an interpreter can import their module.
 *
 * <ul>
 *   <li>{@code module}, {@code func} (required); {@code arguments} (object of keyword
 *       arguments); {@code secrets} (list of secret scope names, merged into the flat
 *       {@code secrets} mapping a function with that parameter receives).
 * </ul>
 *
 * <p>The output is the function's return value. Anything the function raises fails the activity
 * with {@code "<ExceptionType>: <message>"}. There is no timeout, as in Chaos Toolkit.
 */
public final class PythonProvider implements ActivityProvider {
  private static final Set<String> KEYS = Set.of("module", "func", "arguments", "secrets");

  private final PythonFunctions functions;
  private final PythonBridge bridge;

  public PythonProvider(PythonFunctions functions, PythonBridge bridge) {
    this.functions = functions;
    this.bridge = bridge;
  }

  @Override
  public String type() {
    return "python";
  }

  @Override
  public void validate(ProviderSpec spec, ProviderValidation validation) {
    PropertyChecks checks = new PropertyChecks(spec, validation);
    checks.unknownKeys(KEYS);
    Optional<String> module = checks.requiredString("module", "a dotted Python module path, e.g. \"os.path\"");
    Optional<String> func = checks.requiredString("func", "the name of a function in the module, e.g. \"exists\"");
    checks.object("arguments");
    Object secrets = spec.get("secrets");
    if (secrets != null && !(secrets instanceof List<?> l && l.stream().allMatch(String.class::isInstance))) {
      validation.error("secrets", "secrets must be a list of secret scope names, found " + PropertyChecks.describe(secrets));
    }
    if (module.isEmpty() || func.isEmpty()) {
      return;
    }
    Map<String, Object> arguments = arguments(spec.get("arguments"));
    Optional<PythonFunction> standIn = functions.find(module.get(), func.get());
    if (standIn.isPresent()) {
      if (!(spec.get("arguments") instanceof String)) {
        standIn.get().validate(arguments, validation);
      }
    } else if (bridge.canImport(module.get())) {
      bridge.check(module.get(), func.get(), arguments.keySet()).ifPresent(problem -> validation.error("func", problem));
    } else {
      validation.error("module", unavailable(module.get(), func.get()));
    }
  }

  @Override
  public Object run(Map<String, Object> properties, RunContext context)
      throws ActivityFailedException, InterruptedException {
    ProviderProperties props = new ProviderProperties(type(), properties);
    String module = props.requiredString("module");
    String func = props.requiredString("func");
    Map<String, Object> arguments = props.object("arguments");
    Optional<PythonFunction> standIn = functions.find(module, func);
    if (standIn.isPresent()) {
      return standIn.get().call(arguments, context);
    }
    if (bridge.canImport(module)) {
      return bridge.call(module, func, arguments, context.configuration(), secrets(props.raw("secrets"), context));
    }
    throw new ActivityFailedException(unavailable(module, func));
  }

  // chaoslib merges the listed scopes, later ones winning, only when the provider lists some.
  private static Optional<Map<String, Object>> secrets(Object scopes, RunContext context) throws ActivityFailedException {
    if (scopes == null) {
      return Optional.empty();
    }
    if (!(scopes instanceof List<?> names)) {
      throw new ActivityFailedException("python provider: secrets must be a list of secret scope names, found "
          + PropertyChecks.describe(scopes));
    }
    Map<String, Object> merged = new LinkedHashMap<>();
    for (Object name : names) {
      merged.putAll(context.secrets().getOrDefault(String.valueOf(name), Map.of()));
    }
    return Optional.of(merged);
  }

  private static Map<String, Object> arguments(Object value) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> arguments.put(String.valueOf(k), v));
    }
    return arguments;
  }

  private static String unavailable(String module, String func) {
    return "python function " + module + "." + func + " has no native stand-in in Faultline and no Python"
        + " interpreter that can import '" + module + "' was found (set FAULTLINE_PYTHON to a python3 that has it"
        + " installed); see docs/python-stand-ins.md for the functions Faultline runs natively";
  }
}
