package dev.faultline.engine.validate;

import dev.faultline.core.problem.Problem;
import dev.faultline.core.problem.Problem.Severity;
import dev.faultline.engine.load.Document;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem found in a document, each placed at its file:line:column. */
public final class Problems {
  private final Document document;
  private final List<Problem> found = new ArrayList<>();

  public Problems(Document document) {
    this.document = document;
    for (Problem p : document.problems()) {
      found.add(new Problem(p.severity(), p.location(), oneLine(p.path()), oneLine(p.message())));
    }
  }

  public void error(String path, String message) {
    found.add(new Problem(Severity.ERROR, document.locate(path), oneLine(path), oneLine(message)));
  }

  public void warning(String path, String message) {
    found.add(new Problem(Severity.WARNING, document.locate(path), oneLine(path), oneLine(message)));
  }

  /**
   * A message quotes values and keys from the file; their line breaks and other control characters
   * are shown escaped (a line break reads as backslash-n, NUL as backslash-u0000) so that every
   * problem stays one line and cannot forge another problem's line or move the terminal's cursor.
   */
  static String oneLine(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029
          || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
      if (control && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (!control) {
          out.append(c);
        } else if (c == '\n') {
          out.append("\\n");
        } else if (c == '\r') {
          out.append("\\r");
        } else if (c == '\t') {
          out.append("\\t");
        } else {
          out.append(String.format("\\u%04x", (int) c));
        }
      }
    }
    return out == null ? text : out.toString();
  }

  public boolean hasErrors() {
    return hasErrorsSince(0);
  }

  /** How many problems were found so far; a mark for {@link #hasErrorsSince}. */
  int count() {
    return found.size();
  }

  /**
   * Whether an error was found after {@code mark} (a {@link #count()}). Constant work per new
   * problem: validation calls it once per activity, so it must not copy or sort the list.
   */
  boolean hasErrorsSince(int mark) {
    for (int i = mark; i < found.size(); i++) {
      if (found.get(i).isError()) {
        return true;
      }
    }
    return false;
  }

  /** All problems in document order (line, then column). */
  public List<Problem> all() {
    List<Problem> sorted = new ArrayList<>(found);
    sorted.sort(Comparator.comparingInt((Problem p) -> p.location().line()).thenComparingInt(p -> p.location().column()));
    return List.copyOf(sorted);
  }

  /** A readable name for the JSON type of a value, for "found X, expected Y" messages. */
  public static String typeOf(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return "the string '" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
    }
    if (v instanceof Boolean b) {
      return "the boolean " + b;
    }
    if (v instanceof Double || v instanceof Float || v instanceof java.math.BigDecimal) {
      return "the float " + v;
    }
    if (v instanceof Number n) {
      return "the integer " + n;
    }
    if (v instanceof java.util.Map) {
      return "an object";
    }
    if (v instanceof java.util.List) {
      return "a list";
    }
    return v.getClass().getSimpleName();
  }
}
