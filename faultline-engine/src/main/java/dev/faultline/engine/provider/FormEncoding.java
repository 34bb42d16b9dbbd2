package dev.faultline.engine.provider;

import dev.faultline.engine.python.PythonText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code application/x-www-form-urlencoded} text of a mapping, as Python requests encodes
 * {@code params=} and {@code data=}: a list value repeats the key, a null value is left out, other
 * values go through Python's {@code str()} ({@code true} is {@code True}).
 */
final class FormEncoding {
  private FormEncoding() {}

  static String encode(Map<String, ?> values) {
    StringJoiner out = new StringJoiner("&");
    values.forEach((key, value) -> {
      if (value instanceof List<?> list) {
        list.forEach(item -> add(out, key, item));
      } else {
        add(out, key, value);
      }
    });
    return out.toString();
  }

  private static void add(StringJoiner out, String key, Object value) {
    if (value != null) {
      out.add(URLEncoder.encode(key, StandardCharsets.UTF_8) + "="
          + URLEncoder.encode(PythonText.str(value), StandardCharsets.UTF_8));
    }
  }
}
