package dev.faultline.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Finds the number in a probe output, for journals without Faultline's timeline (which carries
 * the engine's own extraction). Looks at the output itself, an HTTP body, a process's stdout, or
 * the only numeric field of an object; anything else has no number.
 */
final class NumericValue {
  private NumericValue() {}

  static OptionalDouble of(JsonNode output) {
    if (output == null || output.isNull() || output.isMissingNode()) {
      return OptionalDouble.empty();
    }
    if (output.isObject() && output.has("body") && output.has("status")) {
      return direct(output.get("body"));
    }
    if (output.isObject() && output.has("stdout") && output.has("status")) {
      return direct(output.get("stdout"));
    }
    return direct(output);
  }

  private static OptionalDouble direct(JsonNode value) {
    if (value.isNumber()) {
      return OptionalDouble.of(value.doubleValue());
    }
    if (value.isTextual()) {
      return parse(value.textValue());
    }
    if (value.isObject()) {
      return onlyNumericField(value);
    }
    return OptionalDouble.empty();
  }

  private static OptionalDouble onlyNumericField(JsonNode object) {
    OptionalDouble found = OptionalDouble.empty();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      JsonNode value = field.getValue();
      if (value.isNumber()) {
        if (found.isPresent()) {
          return OptionalDouble.empty(); // two numbers: no way to tell which one matters
        }
        found = OptionalDouble.of(value.doubleValue());
      }
    }
    return found;
  }

  private static OptionalDouble parse(String text) {
    String t = text.trim();
    if (!t.matches("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?")) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Double.parseDouble(t));
  }
}
