package dev.faultline.engine.python.standin;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.ProviderValidation;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonFunction;
import dev.faultline.engine.python.PythonSignature;
import java.util.Map;

/**
 * A stand-in whose arguments are checked and bound against the imitated function's
 * {@link PythonSignature}; subclasses only implement the call on bound arguments.
 */
public abstract class SignatureStandIn implements PythonFunction {
  private final PythonSignature signature;

  protected SignatureStandIn(PythonSignature signature) {
    this.signature = signature;
  }

  /** The imitated function's parameters. */
  public PythonSignature signature() {
    return signature;
  }

  @Override
  public String module() {
    String name = signature.qualifiedName();
    return name.substring(0, name.lastIndexOf('.'));
  }

  @Override
  public String function() {
    String name = signature.qualifiedName();
    return name.substring(name.lastIndexOf('.') + 1);
  }

  @Override
  public void validate(Map<String, Object> arguments, ProviderValidation validation) {
    signature.validate(arguments, validation);
  }

  @Override
  public final Object call(Map<String, Object> arguments, RunContext context)
      throws ActivityFailedException, InterruptedException {
    return invoke(signature.bind(arguments), context);
  }

  /**
   * Runs the function.
   *
   * @param arguments every non-injected parameter by name, defaults filled in
   */
  protected abstract Object invoke(Map<String, Object> arguments, RunContext context)
      throws ActivityFailedException, InterruptedException;
}
