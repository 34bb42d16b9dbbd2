package dev.faultline.engine.journal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Replaces secret values wherever they appear (whole values and inside longer strings) with
 * {@code ***}, so journals and logs never carry them. Chaos Toolkit writes secrets into journals
 * (its issue #178); Faultline does not.
 */
public final class SecretMasker {
  public static final String MASK = "***";
  private static final int MIN_LENGTH = 3; // masking "a" or "1" would garble every value
  private final List<String> secrets;

  public SecretMasker(Iterable<?> secretValues) {
    Set<String> s = new TreeSet<>(Comparator.comparingInt(String::length).reversed().thenComparing(x -> x));
    for (Object v : secretValues) {
      if (v != null && String.valueOf(v).length() >= MIN_LENGTH) {
        s.add(String.valueOf(v));
      }
    }
    this.secrets = new ArrayList<>(s);
  }

  /** Masks every value of every scope. */
  public static SecretMasker of(Map<String, Map<String, Object>> secretScopes) {
    List<Object> values = new ArrayList<>();
    secretScopes.values().forEach(scope -> values.addAll(scope.values()));
    return new SecretMasker(values);
  }

  /** A copy of the tree with secrets masked. */
  public Object mask(Object value) {
    if (secrets.isEmpty()) {
      return value;
    }
    if (value instanceof String s) {
      return maskText(s);
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), mask(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(v -> out.add(mask(v)));
      return out;
    }
    if (value instanceof Number n && secrets.contains(n.toString())) {
      return MASK;
    }
    return value;
  }

  public String maskText(String s) {
    String out = s;
    for (String secret : secrets) {
      out = out.replace(secret, MASK);
    }
    return out;
  }
}
