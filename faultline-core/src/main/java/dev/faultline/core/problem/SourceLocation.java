package dev.faultline.core.problem;

/**
 * A place in an experiment file, as a person would look for it in an editor.
 *
 * @param file the file as given on the command line (or a description such as {@code <inline>})
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 */
public record SourceLocation(String file, int line, int column) {

  /** A location for documents that have no file, such as experiments built in code. */
  public static SourceLocation unknown(String file) {
    return new SourceLocation(file, 0, 0);
  }

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ":" + column : file;
  }
}
