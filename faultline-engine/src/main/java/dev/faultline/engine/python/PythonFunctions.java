package dev.faultline.engine.python;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The native stand-ins for Python functions, by {@code module.function}. The installed set comes
 * from {@link ServiceLoader} ({@code META-INF/services/dev.faultline.engine.python.PythonFunction}).
 */
public final class PythonFunctions {
  // Keyed by both parts: "os" + "path.exists" must not find "os.path" + "exists".
  private record Name(String module, String function) {}

  private final Map<Name, PythonFunction> byName = new HashMap<>();

  private PythonFunctions(Collection<? extends PythonFunction> functions) {
    for (PythonFunction f : functions) {
      if (byName.put(new Name(f.module(), f.function()), f) != null) {
        throw new IllegalStateException("two stand-ins for the python function " + qualifiedName(f.module(), f.function()));
      }
    }
  }

  /** Every stand-in registered on the class path. */
  public static PythonFunctions installed() {
    return new PythonFunctions(ServiceLoader.load(PythonFunction.class, PythonFunctions.class.getClassLoader())
        .stream().map(ServiceLoader.Provider::get).toList());
  }

  /** Exactly {@code functions}. */
  public static PythonFunctions of(Collection<? extends PythonFunction> functions) {
    return new PythonFunctions(functions);
  }

  /** The stand-in for {@code module.function}, if Faultline has one. */
  public Optional<PythonFunction> find(String module, String function) {
    return Optional.ofNullable(byName.get(new Name(module, function)));
  }

  /** Every stand-in, sorted by {@code module.function}. */
  public List<PythonFunction> all() {
    return byName.values().stream()
        .sorted(Comparator.comparing(f -> qualifiedName(f.module(), f.function())))
        .toList();
  }

  private static String qualifiedName(String module, String function) {
    return module + "." + function;
  }
}
