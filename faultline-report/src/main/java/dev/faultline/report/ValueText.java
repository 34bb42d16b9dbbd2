package dev.faultline.report;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns journal values into short text for tables; nothing here escapes, renderers do. */
final class ValueText {
  /** How many characters of a value a table cell shows. */
  static final int CELL_LIMIT = 120;

  private ValueText() {}

  /** A string as itself, anything else as compact JSON; {@code null} for a missing node. */
  static String of(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return null;
    }
    return value.isTextual() ? value.textValue() : value.toString();
  }

  /**
   * The part of a provider output a reader compares with the tolerance: an http result
   * ({@code status, headers, body}) becomes {@code {status, body}}, a process result drops an
   * empty {@code stderr}; anything else is itself.
   */
  static JsonNode essential(JsonNode output) {
    if (output != null && output.isObject() && output.has("status") && output.has("headers") && output.has("body")) {
      com.fasterxml.jackson.databind.node.ObjectNode brief = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      brief.set("status", output.get("status"));
      brief.set("body", output.get("body"));
      return brief;
    }
    if (output != null && output.isObject() && output.has("stdout") && output.path("stderr").asText("x").isEmpty()) {
      com.fasterxml.jackson.databind.node.ObjectNode brief = ((com.fasterxml.jackson.databind.node.ObjectNode) output).deepCopy();
      brief.remove("stderr");
      return brief;
    }
    return output;
  }

  /** {@link #of} cut to {@code limit} characters, ending with an ellipsis when cut. */
  static String abbreviated(JsonNode value, int limit) {
    return abbreviate(of(value), limit);
  }

  /** Cuts {@code text} to at most {@code limit} characters, without splitting a surrogate pair. */
  static String abbreviate(String text, int limit) {
    if (text == null || text.length() <= limit) {
      return text;
    }
    int cut = limit - 1;
    if (Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut--;
    }
    return text.substring(0, cut) + "…";
  }

  /** A text field of {@code node}, or {@code null} when absent or not text. */
  static String field(JsonNode node, String name) {
    JsonNode value = node == null ? null : node.get(name);
    return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
  }

  /** Line breaks and tabs as spaces, so a value stays on one table row. */
  static String oneLine(String text) {
    return text == null ? null : text.replaceAll("[\\r\\n\\t]+", " ");
  }
}
