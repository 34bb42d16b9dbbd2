package dev.faultline.report;

import com.fasterxml.jackson.databind.JsonNode;

/** Describes a Chaos Toolkit tolerance in words, e.g. {@code jsonpath $.ok on body = true}. */
final class ToleranceText {
  private ToleranceText() {}

  static String of(JsonNode tolerance) {
    if (tolerance == null || tolerance.isMissingNode() || tolerance.isNull()) {
      return "";
    }
    if (!tolerance.isObject() || !tolerance.has("type")) {
      return tolerance.toString();
    }
    String type = tolerance.path("type").asText();
    StringBuilder text = new StringBuilder(type);
    switch (type) {
      case "range" -> text.append(' ').append(tolerance.path("range"));
      case "regex" -> text.append(" /").append(tolerance.path("pattern").asText()).append('/');
      case "jsonpath" -> text.append(' ').append(tolerance.path("path").asText());
      case "probe" -> text.append(' ').append(tolerance.path("name").asText());
      default -> {
        return tolerance.toString();
      }
    }
    if (tolerance.hasNonNull("target")) {
      text.append(" on ").append(tolerance.get("target").asText());
    }
    if (tolerance.has("expect")) {
      text.append(" = ").append(tolerance.get("expect"));
    } else if (tolerance.hasNonNull("count")) {
      text.append(" count ").append(tolerance.get("count"));
    }
    return text.toString();
  }
}
