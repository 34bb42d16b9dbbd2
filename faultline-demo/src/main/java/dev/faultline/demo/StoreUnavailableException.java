package dev.faultline.demo;

/**
 * The inventory store could not be reached, or did not answer in time. The message says which
 * store and what happened, for a human reading the storefront's 503 reply.
 */
final class StoreUnavailableException extends Exception {

  private static final long serialVersionUID = 1L;

  StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  StoreUnavailableException(String message) {
    super(message);
  }
}
