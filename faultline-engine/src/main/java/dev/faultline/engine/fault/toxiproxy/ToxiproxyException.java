package dev.faultline.engine.fault.toxiproxy;

/**
 * A call to the Toxiproxy API failed: the server could not be reached, or it answered with an
 * error status. The message names the method, the URL and Toxiproxy's own {@code error} text.
 */
public final class ToxiproxyException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int status;

  /**
   * @param status the HTTP status Toxiproxy answered with, or 0 when there was no answer
   */
  public ToxiproxyException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status of the answer, or 0 when the server could not be reached. */
  public int status() {
    return status;
  }

  /** Whether Toxiproxy answered 404 (no such proxy or toxic). */
  public boolean notFound() {
    return status == 404;
  }
}
