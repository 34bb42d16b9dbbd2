package dev.faultline.jvmagent;

import java.lang.reflect.Method;

/**
 * Converts the text of {@code --return VALUE} to a value of a method's return type: primitives and
 * their wrappers, {@code String} (and {@code CharSequence}, {@code Object}), or {@code null} for
 * reference types.
 */
final class ReturnValues {
  private ReturnValues() {}

  static Object convert(String text, Method method) throws RuleRefusedException {
    Class<?> type = method.getReturnType();
    String where = method.getDeclaringClass().getName() + "." + method.getName();
    if (type == void.class) {
      throw new RuleRefusedException(where + " returns void; a return-value rule needs a method that returns a value");
    }
    if (text.equals("null")) {
      if (type.isPrimitive()) {
        throw new RuleRefusedException("cannot return null from " + where + ": it returns " + type.getName());
      }
      return null;
    }
    try {
      Class<?> t = type.isPrimitive() ? box(type) : type;
      if (t == Integer.class) {
        return Integer.valueOf(text);
      }
      if (t == Long.class) {
        return Long.valueOf(text);
      }
      if (t == Short.class) {
        return Short.valueOf(text);
      }
      if (t == Byte.class) {
        return Byte.valueOf(text);
      }
      if (t == Double.class) {
        return Double.valueOf(text);
      }
      if (t == Float.class) {
        return Float.valueOf(text);
      }
      if (t == Boolean.class) {
        if (!text.equals("true") && !text.equals("false")) {
          throw new NumberFormatException();
        }
        return Boolean.valueOf(text);
      }
      if (t == Character.class) {
        if (text.length() != 1) {
          throw new NumberFormatException();
        }
        return text.charAt(0);
      }
      if (t == String.class || t == CharSequence.class || t == Object.class) {
        return text;
      }
    } catch (NumberFormatException e) {
      throw new RuleRefusedException("cannot return '" + text + "' from " + where + ": it returns " + type.getName()
          + " and '" + text + "' is not a " + type.getSimpleName());
    }
    throw new RuleRefusedException("cannot return '" + text + "' from " + where + ": it returns " + type.getName()
        + "; a rule can return primitives, their wrappers, String or null");
  }

  private static Class<?> box(Class<?> p) {
    if (p == int.class) {
      return Integer.class;
    }
    if (p == long.class) {
      return Long.class;
    }
    if (p == short.class) {
      return Short.class;
    }
    if (p == byte.class) {
      return Byte.class;
    }
    if (p == double.class) {
      return Double.class;
    }
    if (p == float.class) {
      return Float.class;
    }
    if (p == boolean.class) {
      return Boolean.class;
    }
    return Character.class;
  }
}
