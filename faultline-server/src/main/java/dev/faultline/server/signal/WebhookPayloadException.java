package dev.faultline.server.signal;

/** A webhook body that is not the documented payload; the message names the field and what was expected. */
public final class WebhookPayloadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WebhookPayloadException(String message) {
    super(message, null, false, false);
  }
}
