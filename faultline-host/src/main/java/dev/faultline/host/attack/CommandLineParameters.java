package dev.faultline.host.attack;

import dev.faultline.core.fault.FaultParameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns {@code --cores 2 --percent 50} into the typed parameter map a fault type reads: flag names
 * are the parameter names in kebab case ({@code --floor-mb} for {@code floorMb}), values are typed
 * by the parameter's declared type, {@code all} means 0 for integers, and a boolean flag alone means true.
 */
public final class CommandLineParameters {
  private CommandLineParameters() {}

  /**
   * @throws IllegalArgumentException naming the flag and what is allowed
   */
  public static Map<String, Object> parse(HostFaultType type, List<String> args) {
    Map<String, FaultParameter> byFlag = new LinkedHashMap<>();
    for (FaultParameter p : type.parameters()) {
      byFlag.put("--" + kebab(p.name()), p);
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String flag = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        flag = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      FaultParameter p = byFlag.get(flag);
      if (p == null) {
        throw new IllegalArgumentException((arg.startsWith("-") ? flag + ": unknown option" : "'" + arg + "': unexpected argument")
            + " for attack " + type.kind() + "; known: " + String.join(", ", byFlag.keySet()) + ", --length, --detach");
      }
      if (value == null) {
        boolean next = i + 1 < args.size() && !args.get(i + 1).startsWith("--");
        if ("boolean".equals(p.type()) && !next) {
          value = "true";
        } else if (!next) {
          throw new IllegalArgumentException(flag + ": needs a value (" + p.description() + ")");
        } else {
          value = args.get(++i);
        }
      }
      values.put(p.name(), typed(flag, p, value));
    }
    return values;
  }

  private static Object typed(String flag, FaultParameter p, String value) {
    switch (p.type()) {
      case "integer":
        if ("all".equalsIgnoreCase(value)) {
          return 0L;
        }
        try {
          return Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(flag + ": '" + value + "' is not a whole number (" + p.description() + ")");
        }
      case "number":
        try {
          return Double.parseDouble(value.endsWith("%") ? value.substring(0, value.length() - 1) : value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(flag + ": '" + value + "' is not a number (" + p.description() + ")");
        }
      case "boolean":
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
          throw new IllegalArgumentException(flag + ": '" + value + "' is not true or false");
        }
        return Boolean.parseBoolean(value.toLowerCase(Locale.ROOT));
      default:
        return value;
    }
  }

  /** {@code floorMb} to {@code floor-mb}. */
  public static String kebab(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }
}
