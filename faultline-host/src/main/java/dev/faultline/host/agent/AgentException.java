package dev.faultline.host.agent;

/** The agent is not running, not reachable, or refused the request; the message says which. */
public final class AgentException extends Exception {
  private static final long serialVersionUID = 1L;

  public AgentException(String message) {
    super(message);
  }
}
