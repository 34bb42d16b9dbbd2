package dev.faultline.engine.python;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.ProviderValidation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The parameters of the Python function a stand-in imitates, so that {@code arguments} bind as
 * Python binds keyword arguments: a missing required parameter or an unknown name is an error
 * (Chaos Toolkit finds both at validation with {@code inspect.signature(...).bind}).
 *
 * @param qualifiedName {@code module.function}, e.g. {@code os.path.exists}
 * @param parameters in declaration order
 */
public record PythonSignature(String qualifiedName, List<Parameter> parameters) {

  /**
   * One parameter.
   *
   * @param name the keyword
   * @param required whether it has no default
   * @param defaultValue the default when not required (may be null, Python's {@code None})
   * @param injected whether Chaos Toolkit fills it ({@code configuration}, {@code secrets}) rather
   *     than {@code arguments}
   */
  public record Parameter(String name, boolean required, Object defaultValue, boolean injected) {
    /** A parameter without default. */
    public static Parameter required(String name) {
      return new Parameter(name, true, null, false);
    }

    /** A parameter with a default (null for Python's {@code None}). */
    public static Parameter optional(String name, Object defaultValue) {
      return new Parameter(name, false, defaultValue, false);
    }

    /** A parameter Chaos Toolkit fills itself: {@code configuration} or {@code secrets}. */
    public static Parameter injected(String name) {
      return new Parameter(name, false, null, true);
    }
  }

  public PythonSignature {
    parameters = List.copyOf(parameters);
  }

  public static PythonSignature of(String qualifiedName, Parameter... parameters) {
    return new PythonSignature(qualifiedName, List.of(parameters));
  }

  /** How the signature reads in docs and messages: {@code os.rename(src, dst)}. */
  public String text() {
    StringJoiner params = new StringJoiner(", ", "(", ")");
    for (Parameter p : parameters) {
      if (!p.injected()) {
        params.add(p.required() ? p.name() : p.name() + "=" + PythonText.repr(p.defaultValue()));
      }
    }
    return qualifiedName + params;
  }

  /** Reports missing required arguments at {@code arguments} and unknown ones at {@code arguments.<name>}. */
  public void validate(Map<String, Object> arguments, ProviderValidation validation) {
    for (Parameter p : parameters) {
      if (p.required() && !arguments.containsKey(p.name())) {
        validation.error("arguments", "required argument '" + p.name() + "' is missing; the function is " + text());
      }
    }
    for (String name : arguments.keySet()) {
      if (find(name).isEmpty()) {
        validation.error("arguments." + name, "argument '" + name + "' is not a parameter of " + text());
      }
    }
  }

  /**
   * Binds {@code arguments} to the parameters, defaults filled in. Injected parameters are left out:
   * stand-ins read them from the run context.
   *
   * @throws ActivityFailedException with Python's {@code TypeError} text when binding fails
   */
  public Map<String, Object> bind(Map<String, Object> arguments) throws ActivityFailedException {
    String function = qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1) + "()";
    for (String name : arguments.keySet()) {
      if (find(name).isEmpty()) {
        throw new ActivityFailedException("TypeError: " + function + " got an unexpected keyword argument '" + name + "'");
      }
    }
    List<String> missing = new ArrayList<>();
    Map<String, Object> bound = new LinkedHashMap<>();
    for (Parameter p : parameters) {
      if (p.injected()) {
        continue;
      }
      if (arguments.containsKey(p.name())) {
        bound.put(p.name(), arguments.get(p.name()));
      } else if (p.required()) {
        missing.add("'" + p.name() + "'");
      } else {
        bound.put(p.name(), p.defaultValue());
      }
    }
    if (!missing.isEmpty()) {
      throw new ActivityFailedException("TypeError: " + function + " missing " + missing.size()
          + " required positional argument" + (missing.size() == 1 ? "" : "s") + ": " + pythonList(missing));
    }
    return bound;
  }

  // Python's wording: 'a', then 'a' and 'b', then 'a', 'b', and 'c'.
  private static String pythonList(List<String> names) {
    if (names.size() <= 2) {
      return String.join(" and ", names);
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + ", and " + names.get(names.size() - 1);
  }

  private Optional<Parameter> find(String name) {
    return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
