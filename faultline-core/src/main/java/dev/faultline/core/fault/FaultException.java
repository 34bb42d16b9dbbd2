package dev.faultline.core.fault;

/** A fault could not be applied or recovered; the message says what and why. */
public class FaultException extends Exception {
  private static final long serialVersionUID = 1L;

  public FaultException(String message) {
    super(message);
  }

  public FaultException(String message, Throwable cause) {
    super(message, cause);
  }
}
