package dev.faultline.engine.provider;

/**
 * The activity failed in the sense Chaos Toolkit counts ({@code ActivityFailed}): a connection
 * refused, a timeout, a python stand-in that raised. Its run entry is {@code failed}; a failed
 * method activity does not stop the experiment, a failed hypothesis probe fails it.
 */
public final class ActivityFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  public ActivityFailedException(String message) {
    super(message);
  }

  public ActivityFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
