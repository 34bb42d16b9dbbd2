package dev.faultline.report;

/** Makes journal text safe in GitHub-flavoured Markdown, including inside table cells. */
final class MarkdownText {
  /** Characters that would start emphasis, code, links, HTML, tables or strikethrough. */
  private static final String SPECIAL = "\\`*_[]<>|~&";

  private MarkdownText() {}

  /**
   * Backslash-escapes Markdown's special characters and puts the text on one line, so it can go
   * in a table cell or a list item; {@code null} becomes empty text.
   */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    String oneLine = ValueText.oneLine(text);
    StringBuilder out = new StringBuilder(oneLine.length() + 8);
    for (int i = 0; i < oneLine.length(); i++) {
      char c = oneLine.charAt(i);
      if (SPECIAL.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /** A table row from already escaped cells; an empty cell gets a dash so the row stays readable. */
  static String row(String... cells) {
    StringBuilder row = new StringBuilder("|");
    for (String cell : cells) {
      row.append(' ').append(cell.isEmpty() ? "—" : cell).append(" |");
    }
    return row.append('\n').toString();
  }

  /** The header separator row for {@code columns} columns. */
  static String separator(int columns) {
    return "|" + " --- |".repeat(columns) + "\n";
  }
}
