package dev.faultline.core.problem;

import java.util.Objects;

/**
 * One thing wrong (or doubtful) about an input, phrased for the person who has to fix it.
 *
 * @param severity whether the input can still be used
 * @param location where in the file, as {@code file:line:column}
 * @param path where in the document, e.g. {@code method[2].provider.timeout}
 * @param message what was found and what was expected
 */
public record Problem(Severity severity, SourceLocation location, String path, String message) {

  /** How bad a problem is. */
  public enum Severity {
    /** The input cannot be used as it is. */
    ERROR,
    /** The input can be used but probably does not do what its author meant. */
    WARNING
  }

  public Problem {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** Renders as {@code file:line:col: error: path: message}, the shape compilers use. */
  @Override
  public String toString() {
    String where = path.isEmpty() ? "" : path + ": ";
    return location + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + where + message;
  }
}
