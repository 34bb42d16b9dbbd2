package dev.faultline.report;

/** Makes journal text safe inside HTML and SVG text and attribute values. */
final class HtmlText {
  private HtmlText() {}

  /** Escapes the five characters HTML gives meaning to; {@code null} becomes empty text. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A CSS class name part made from journal text: lower-case letters, digits and dashes only. */
  static String cssToken(String text) {
    if (text == null || text.isBlank()) {
      return "unknown";
    }
    return text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }
}
