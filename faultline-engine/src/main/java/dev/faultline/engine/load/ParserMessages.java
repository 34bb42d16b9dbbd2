package dev.faultline.engine.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the JSON and YAML parsers' messages into text for people: no library class or setting
 * names, no source dumps with carets, one line. The location is given separately (file:line:col).
 */
final class ParserMessages {
  private static final Pattern YAML_MARK = Pattern.compile("^\\s*in '[^']*', line (\\d+), column (\\d+):?\\s*$");
  private static final Pattern JSON_SOURCE = Pattern.compile("\\[Source: [^;\\]]*(?:;[^\\]]*?)?line: (\\d+), column: (\\d+)\\]");
  private static final Pattern BACKTICKED = Pattern.compile("`[^`]*`");
  private static final Pattern YAML_EVENT = Pattern.compile("<org\\.yaml\\.[^>]*?\\.(\\w+?)Event\\([^>]*\\)>");
  private static final Pattern CONSTRAINT = Pattern.compile(
      "(Number value|String value|Name|Document nesting depth)[^(]*\\((\\d+)\\) exceeds the maximum allowed \\((\\d+)");
  /** What must never reach a person: library and class names. */
  static final Pattern LIBRARY_WORDS = Pattern.compile(
      "(?i)com\\.fasterxml|org\\.yaml|jackson|snakeyaml|exception|streamread|jsonparser|jsontoken|\\bjava\\.");

  private ParserMessages() {}

  static String human(String message) {
    if (message == null || message.isBlank()) {
      return "the text cannot be parsed here";
    }
    Matcher c = CONSTRAINT.matcher(message);
    if (c.find()) {
      String what = switch (c.group(1)) {
        case "Number value" -> "a number of " + c.group(2) + " digits is longer than the " + c.group(3) + " allowed";
        case "String value" -> "a string of " + c.group(2) + " characters is longer than the " + c.group(3) + " allowed";
        case "Name" -> "a key of " + c.group(2) + " characters is longer than the " + c.group(3) + " allowed";
        default -> "values are nested more than " + c.group(3) + " levels deep";
      };
      return what;
    }
    String m = YAML_EVENT.matcher(message).replaceAll(r -> switch (r.group(1)) {
      case "SequenceStart" -> "a sequence";
      case "MappingStart" -> "a mapping";
      case "Alias" -> "an alias";
      default -> "a " + r.group(1).toLowerCase(Locale.ROOT);
    });
    m = m.replace("Expected a field name (Scalar value in YAML), got this instead:",
        "a key must be a plain value (a string), found");
    m = JSON_SOURCE.matcher(m).replaceAll("line $1, column $2");
    m = m.replaceAll(":?\\s*enable `[^`]*` to allow", "");
    m = m.replaceAll("\\s*\\(from `[^`]*`\\)", "");
    m = BACKTICKED.matcher(m).replaceAll("a parser setting");
    // SnakeYAML: "context\n in 'reader', line L, column C:\n    source\n    ^\nproblem\n in ..., line ..."
    List<String> parts = new ArrayList<>();
    String[] lines = m.split("\n");
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      Matcher mark = YAML_MARK.matcher(lines[i]);
      if (mark.matches()) {
        if (current.length() > 0) {
          parts.add(current.toString().strip() + " (line " + mark.group(1) + ", column " + mark.group(2) + ")");
          current.setLength(0);
        }
        // The source line and the caret under it follow the mark.
        if (i + 2 < lines.length && lines[i + 2].strip().equals("^")) {
          i += 2;
        } else if (i + 1 < lines.length && lines[i + 1].strip().equals("^")) {
          i += 1;
        }
        continue;
      }
      if (!lines[i].isBlank()) {
        current.append(current.length() > 0 ? " " : "").append(lines[i].strip());
      }
    }
    if (current.length() > 0) {
      parts.add(current.toString().strip());
    }
    String text = String.join("; ", parts);
    if (text.isBlank() || LIBRARY_WORDS.matcher(text).find()) {
      return "the text cannot be parsed here";
    }
    return shorten(text, 300);
  }

  static String shorten(String s) {
    return shorten(s, 60);
  }

  static String shorten(String s, int max) {
    String oneLine = s.replace("\n", "\\n").replace("\r", "\\r");
    return oneLine.length() > max ? oneLine.substring(0, max) + "…" : oneLine;
  }
}
