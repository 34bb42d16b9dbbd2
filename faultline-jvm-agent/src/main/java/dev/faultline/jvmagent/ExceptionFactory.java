package dev.faultline.jvmagent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Finds the exception class a throw rule names, checks it may be thrown from the selected methods
 * (a checked exception only where every selected method declares it), and makes a fresh instance
 * per hit so each carries the caller's stack trace.
 */
final class ExceptionFactory {
  private ExceptionFactory() {}

  static Class<? extends Throwable> resolve(String name, ClassLoader hint, Instrumentation inst) throws RuleRefusedException {
    Class<?> c = null;
    for (ClassLoader loader : new ClassLoader[] {hint, ClassLoader.getSystemClassLoader()}) {
      try {
        c = Class.forName(name, false, loader);
        break;
      } catch (ClassNotFoundException | LinkageError e) {
        // try the next loader, then the loaded classes
      }
    }
    if (c == null) {
      for (Class<?> loaded : inst.getAllLoadedClasses()) {
        if (loaded.getName().equals(name)) {
          c = loaded;
          break;
        }
      }
    }
    if (c == null) {
      throw new RuleRefusedException("exception type " + name + " was not found in the target JVM; give a fully "
          + "qualified class name such as java.lang.IllegalStateException");
    }
    if (!Throwable.class.isAssignableFrom(c)) {
      throw new RuleRefusedException(name + " is not an exception (not a java.lang.Throwable)");
    }
    @SuppressWarnings("unchecked")
    Class<? extends Throwable> t = (Class<? extends Throwable>) c;
    return t;
  }

  static boolean isChecked(Class<? extends Throwable> type) {
    return !RuntimeException.class.isAssignableFrom(type) && !Error.class.isAssignableFrom(type);
  }

  /** Refuses a checked exception for any method that does not declare it (or a supertype). */
  static void checkDeclared(Class<? extends Throwable> type, List<Method> methods) throws RuleRefusedException {
    if (!isChecked(type)) {
      return;
    }
    for (Method m : methods) {
      boolean declared = false;
      for (Class<?> d : m.getExceptionTypes()) {
        declared |= d.isAssignableFrom(type);
      }
      if (!declared) {
        throw new RuleRefusedException(type.getName() + " is a checked exception and " + m.getDeclaringClass().getName()
            + "." + m.getName() + " does not declare it (declares: " + declaredNames(m) + "); use an unchecked "
            + "exception such as java.lang.IllegalStateException, or select a method that declares it");
      }
    }
  }

  /** A factory for fresh instances, tried once now so a broken constructor is refused at add time. */
  static Callable<Throwable> factory(Class<? extends Throwable> type, String message) throws RuleRefusedException {
    Constructor<? extends Throwable> withMessage = constructor(type, String.class);
    Constructor<? extends Throwable> plain = constructor(type);
    Callable<Throwable> f;
    if (withMessage != null && (message != null || plain == null)) {
      f = () -> withMessage.newInstance(message);
    } else if (plain != null && message == null) {
      f = plain::newInstance;
    } else {
      throw new RuleRefusedException(type.getName() + " has no public " + (message != null ? "(String)" : "() or (String)")
          + " constructor" + (message != null ? "; drop --message or choose another exception type" : ""));
    }
    try {
      f.call();
    } catch (InvocationTargetException e) {
      throw new RuleRefusedException("creating " + type.getName() + " failed: " + e.getCause());
    } catch (Exception e) {
      throw new RuleRefusedException("creating " + type.getName() + " failed: " + e);
    }
    return f;
  }

  private static Constructor<? extends Throwable> constructor(Class<? extends Throwable> type, Class<?>... params) {
    try {
      Constructor<? extends Throwable> c = type.getConstructor(params);
      return java.lang.reflect.Modifier.isAbstract(type.getModifiers()) ? null : c;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static String declaredNames(Method m) {
    Class<?>[] types = m.getExceptionTypes();
    if (types.length == 0) {
      return "nothing";
    }
    StringBuilder sb = new StringBuilder();
    for (Class<?> t : types) {
      sb.append(sb.length() == 0 ? "" : ", ").append(t.getName());
    }
    return sb.toString();
  }
}
