package dev.faultline.engine.python.standin;

import java.util.List;
import java.util.Map;

/** The Python type names of document values, for {@code TypeError} messages. */
final class PythonTypes {
  private PythonTypes() {}

  static String name(Object value) {
    if (value == null) {
      return "NoneType";
    }
    if (value instanceof Boolean) {
      return "bool";
    }
    if (value instanceof String) {
      return "str";
    }
    if (value instanceof Double || value instanceof Float) {
      return "float";
    }
    if (value instanceof Number) {
      return "int";
    }
    if (value instanceof Map<?, ?>) {
      return "dict";
    }
    if (value instanceof List<?>) {
      return "list";
    }
    return value.getClass().getSimpleName();
  }
}
