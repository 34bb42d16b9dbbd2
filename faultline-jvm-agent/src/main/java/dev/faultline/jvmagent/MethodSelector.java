package dev.faultline.jvmagent;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.nameMatches;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Which methods a rule instruments: a class by exact name or glob ({@code *} within a package
 * segment, {@code **} across segments), optionally every class implementing or extending it; a
 * method name; optionally the parameter types ({@code int,java.lang.String}; a name without a dot
 * also matches by simple name). Finds the loaded matches for checking and builds the ByteBuddy
 * matchers that also catch classes loaded later.
 */
final class MethodSelector {
  private final String classText;
  private final boolean implementations;
  private final String methodName;
  private final List<String> params;
  private final Pattern classPattern;

  MethodSelector(String classText, boolean implementations, String methodName, List<String> params) {
    this.classText = classText;
    this.implementations = implementations;
    this.methodName = methodName;
    this.params = params;
    this.classPattern = isGlob(classText) ? Pattern.compile(globToRegex(classText)) : null;
  }

  /** The loaded, modifiable classes this selector names (before looking at methods). */
  List<Class<?>> loadedClasses(Instrumentation inst) {
    List<Class<?>> out = new ArrayList<>();
    List<Class<?>> bases = new ArrayList<>();
    Class<?>[] all = inst.getAllLoadedClasses();
    if (implementations) {
      for (Class<?> c : all) {
        if (classNameMatches(c.getName())) {
          bases.add(c);
        }
      }
    }
    for (Class<?> c : all) {
      if (c.isArray() || c.isPrimitive() || !inst.isModifiableClass(c) || c.getName().startsWith("dev.faultline.jvmagent.")) {
        continue;
      }
      if (implementations) {
        if (c.isInterface()) {
          continue;
        }
        for (Class<?> base : bases) {
          if (base.isAssignableFrom(c)) {
            out.add(c);
            break;
          }
        }
      } else if (classNameMatches(c.getName())) {
        out.add(c);
      }
    }
    return out;
  }

  /** The instrumentable methods of {@code c} this selector names. */
  List<Method> methodsOf(Class<?> c) {
    List<Method> out = new ArrayList<>();
    Method[] declared;
    try {
      declared = c.getDeclaredMethods();
    } catch (LinkageError e) {
      return out; // a class whose signatures cannot be resolved cannot be checked or selected
    }
    for (Method m : declared) {
      if (m.getName().equals(methodName) && !Modifier.isAbstract(m.getModifiers())
          && !Modifier.isNative(m.getModifiers()) && !m.isBridge() && paramsMatch(m.getParameterTypes())) {
        out.add(m);
      }
    }
    return out;
  }

  /** The names of {@code c}'s declared methods, to suggest when the named one is absent. */
  static String methodNames(Class<?> c) {
    TreeSet<String> names = new TreeSet<>();
    try {
      for (Method m : c.getDeclaredMethods()) {
        if (!m.isSynthetic()) {
          names.add(m.getName());
        }
      }
    } catch (LinkageError e) {
      return "(cannot be listed)";
    }
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  ElementMatcher.Junction<TypeDescription> typeMatcher() {
    ElementMatcher.Junction<TypeDescription> name = classPattern == null ? named(classText) : nameMatches(classPattern.pattern());
    return implementations ? hasSuperType(name).and(not(isInterface())) : name;
  }

  ElementMatcher.Junction<MethodDescription> methodMatcher() {
    ElementMatcher.Junction<MethodDescription> m = named(methodName).and(not(isAbstract())).and(not(isNative()))
        .and(not(isBridge()));
    if (params != null) {
      m = m.and(takesArguments(params.size())).and(new ElementMatcher<MethodDescription>() {
        @Override
        public boolean matches(MethodDescription target) {
          List<String> actual = new ArrayList<>();
          for (TypeDescription t : target.getParameters().asTypeList().asErasures()) {
            actual.add(t.getActualName());
          }
          return paramNamesMatch(actual);
        }
      });
    }
    return m;
  }

  /** For messages: {@code com.acme.Greeter.greet(java.lang.String)}. */
  String describe() {
    return (implementations ? "implementations of " : "") + classText + "." + methodName
        + (params == null ? "" : "(" + String.join(",", params) + ")");
  }

  private boolean classNameMatches(String name) {
    return classPattern == null ? name.equals(classText) : classPattern.matcher(name).matches();
  }

  private boolean paramsMatch(Class<?>[] types) {
    if (params == null) {
      return true;
    }
    List<String> actual = new ArrayList<>();
    for (Class<?> t : types) {
      actual.add(t.getTypeName());
    }
    return paramNamesMatch(actual);
  }

  private boolean paramNamesMatch(List<String> actual) {
    if (actual.size() != params.size()) {
      return false;
    }
    for (int i = 0; i < actual.size(); i++) {
      String want = params.get(i);
      String have = actual.get(i);
      boolean simple = want.indexOf('.') < 0;
      String haveSimple = have.substring(have.lastIndexOf('.') + 1);
      if (!have.equals(want) && !(simple && haveSimple.equals(want))) {
        return false;
      }
    }
    return true;
  }

  static boolean isGlob(String text) {
    return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
  }

  static String globToRegex(String glob) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        sb.append(".*");
        i++;
      } else if (c == '*') {
        sb.append("[^.]*");
      } else if (c == '?') {
        sb.append("[^.]");
      } else {
        sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return sb.toString();
  }
}
