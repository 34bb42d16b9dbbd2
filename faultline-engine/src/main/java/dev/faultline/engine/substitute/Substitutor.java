package dev.faultline.engine.substitute;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chaos Toolkit's {@code ${name}} substitution (Python {@code string.Template.safe_substitute}):
 * names are looked up in the configuration first, then in each secret scope in declaration order;
 * a string that is exactly {@code ${name}} takes the value with its type (a number stays a
 * number); embedded references become text; unknown names and identifiers Python would not accept
 * ({@code ${some-service}}) are left as written; {@code $$} is a dollar sign.
 */
public final class Substitutor {
  private static final String IDENT = "[_a-zA-Z][_a-zA-Z0-9]*";
  private static final Pattern WHOLE = Pattern.compile("\\$\\{(" + IDENT + ")\\}");
  private static final Pattern ANY = Pattern.compile("\\$(?:(\\$)|\\{(" + IDENT + ")\\}|(" + IDENT + "))");

  private final Map<String, Object> values;

  /**
   * @param configuration resolved configuration values
   * @param secretScopes resolved secrets by scope, in declaration order
   */
  public Substitutor(Map<String, Object> configuration, Map<String, Map<String, Object>> secretScopes) {
    Map<String, Object> v = new LinkedHashMap<>();
    List<Map<String, Object>> scopes = new ArrayList<>(secretScopes.values());
    // ChainMap(configuration, *scopes): the first mapping that has the key wins.
    for (int i = scopes.size() - 1; i >= 0; i--) {
      v.putAll(scopes.get(i));
    }
    v.putAll(configuration);
    this.values = v;
  }

  /** A substitutor that knows no names (leaves everything as written). */
  public static Substitutor none() {
    return new Substitutor(Map.of(), Map.of());
  }

  /** Substitutes into every string of a document value tree; returns a new tree. */
  public Object substitute(Object value) {
    if (value instanceof String s) {
      return substituteString(s);
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), substitute(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(substitute(o));
      }
      return out;
    }
    return value;
  }

  /** Substitutes into a map of properties. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> substituteMap(Map<String, Object> map) {
    return (Map<String, Object>) substitute(map);
  }

  /**
   * Substitutes into one string: the typed value for an exact {@code ${name}}, otherwise text.
   */
  public Object substituteString(String s) {
    if (s.indexOf('$') < 0) {
      return s;
    }
    Matcher whole = WHOLE.matcher(s);
    if (whole.matches() && values.containsKey(whole.group(1))) {
      return values.get(whole.group(1));
    }
    return substituteText(s);
  }

  /** Substitutes into one string, always giving text. */
  public String substituteText(String s) {
    if (s.indexOf('$') < 0) {
      return s;
    }
    Matcher m = ANY.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group(1) != null) {
        replacement = "$";
      } else {
        String name = m.group(2) != null ? m.group(2) : m.group(3);
        replacement = values.containsKey(name) ? text(values.get(name)) : m.group();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Whether {@code name} is known. */
  public boolean knows(String name) {
    return values.containsKey(name);
  }

  // Python's str() of the value, as string.Template does: True/False/None and dict/list reprs.
  private static String text(Object v) {
    if (v == null) {
      return "None";
    }
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    return String.valueOf(v);
  }
}
