package dev.faultline.core.fault;

import java.util.List;

/**
 * A kind of fault, registered by name through {@link java.util.ServiceLoader} (a line in
 * {@code META-INF/services/dev.faultline.core.fault.FaultType}). Adding a fault means one class
 * implementing this plus one {@link Fault}, and that line.
 */
public interface FaultType {

  /** The name experiment files use, e.g. {@code file-move}; lower-case words joined by dashes. */
  String name();

  /** One sentence saying what the fault does. */
  String summary();

  /** Whether {@link Fault#recover()} undoes the effect (a process kill cannot be undone). */
  boolean reversible();

  /** The parameters {@link #create} reads, for documentation and validation. */
  List<FaultParameter> parameters();

  /**
   * Reads and checks the arguments and returns a fault ready to apply. Nothing is touched yet.
   *
   * @throws InvalidFaultArgumentsException listing every bad or unknown argument
   */
  Fault create(FaultArguments arguments) throws InvalidFaultArgumentsException;
}
