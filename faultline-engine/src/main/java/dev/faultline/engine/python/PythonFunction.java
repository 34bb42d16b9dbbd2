package dev.faultline.engine.python;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.ProviderValidation;
import dev.faultline.engine.provider.RunContext;
import java.util.Map;

/**
 * A native stand-in for one Python function that Chaos Toolkit experiments call
 * ({@code os.path.exists}, {@code chaosprometheus.probes.query}, …), with the same arguments and
 * the same return shape, so such experiments run without Python. Registered through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.faultline.engine.python.PythonFunction}).
 */
public interface PythonFunction {

  /** The module, e.g. {@code os.path}. */
  String module();

  /** The function, e.g. {@code exists}. */
  String function();

  /** One line for the docs' stand-in table. */
  String summary();

  /**
   * Checks the {@code arguments} object: missing required and unknown arguments are errors, as
   * Python's signature binding makes them. Paths passed to {@code validation} are relative to the
   * provider ({@code arguments.path}).
   */
  void validate(Map<String, Object> arguments, ProviderValidation validation);

  /**
   * Calls the function with substituted arguments. Anything the Python function would raise is an
   * {@link ActivityFailedException}.
   */
  Object call(Map<String, Object> arguments, RunContext context) throws ActivityFailedException, InterruptedException;
}
