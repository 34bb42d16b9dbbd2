package dev.faultline.core.fault;

import java.util.List;

/** The arguments given to a fault are wrong; each entry names the parameter and what is allowed. */
public final class InvalidFaultArgumentsException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<String> problems;

  public InvalidFaultArgumentsException(String faultName, List<String> problems) {
    super("invalid arguments for fault '" + faultName + "': " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One message per bad argument, each starting with the parameter name. */
  public List<String> problems() {
    return problems;
  }
}
