package dev.faultline.jvm;

/** Talking to a JVM's agent failed, or the agent refused a request; the message is for people. */
public final class JvmAgentException extends Exception {
  private static final long serialVersionUID = 1L;

  public JvmAgentException(String message) {
    super(message);
  }

  public JvmAgentException(String message, Throwable cause) {
    super(message, cause);
  }
}
