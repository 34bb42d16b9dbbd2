package dev.faultline.jvmagent;

/** A rule was not added; the message says what was wrong and what would be right. Nothing changed. */
final class RuleRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  RuleRefusedException(String message) {
    super(message);
  }
}
