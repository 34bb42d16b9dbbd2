package dev.faultline.jvmagent;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isExtensionClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.none;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs one rule's bytecode change with ByteBuddy (retransforming loaded classes, and applying
 * to classes loaded later) and takes it away again: {@link Installation#remove()} retransforms the
 * classes so they run their original bytecode (plus any other rule still installed). Never changes
 * class shapes, so retransformation is always allowed.
 */
final class Instrumenter {
  /** Classes per retransformation call: each call is one redefinition pass of the JVM (a safepoint). */
  private static final int RETRANSFORM_BATCH = 256;
  private final Instrumentation inst;

  Instrumenter(Instrumentation inst) {
    this.inst = inst;
  }

  /** One installed transformer. */
  final class Installation {
    private final Runnable remover;
    private final Set<String> transformed;
    private final Failures failures;

    private Installation(Runnable remover, Set<String> transformed, Failures failures) {
      this.remover = remover;
      this.transformed = transformed;
      this.failures = failures;
    }

    /**
     * The classes left unchanged because they could not be rewritten (only when skipping was
     * allowed), including classes loaded later.
     */
    SkippedClasses skipped() {
      return failures.skipped();
    }

    /** How many distinct classes (by name) received the change, including ones loaded later. */
    int transformedClasses() {
      return transformed.size();
    }

    /** Removes the change and restores the original bytecode of every class it touched. */
    void remove() {
      remover.run();
    }
  }

  /**
   * Applies {@code visitor} to the methods of types matching {@code types}: retransforms
   * {@code loaded}, the loaded classes the caller already found (e.g. by name), instead of letting
   * ByteBuddy match every loaded class of the JVM; classes loaded later pass through {@code types}.
   *
   * @param includeJdk whether JDK classes (bootstrap and platform loaders) may be changed
   * @throws RuleRefusedException when any of {@code loaded} could not be changed; nothing stays installed then
   */
  Installation installOn(Collection<Class<?>> loaded, ElementMatcher<? super TypeDescription> types,
      AsmVisitorWrapper visitor, boolean includeJdk) throws RuleRefusedException {
    Failures failures = new Failures();
    Set<String> transformed = ConcurrentHashMap.newKeySet();
    ClassFileTransformer raw;
    try {
      raw = builder(transformed, failures, includeJdk)
          .type(types)
          .transform((DynamicType.Builder<?> b, TypeDescription type, ClassLoader loader, JavaModule module,
              ProtectionDomain pd) -> b.visit(visitor))
          .makeRaw();
    } catch (RuntimeException e) {
      throw new RuleRefusedException("could not instrument: " + e.getMessage());
    }
    return installRaw(raw, loaded, transformed, failures, false);
  }

  /**
   * Registers {@code transformer} (for classes loaded from now on) and retransforms {@code loaded}
   * with it; the installation's removal deregisters it and retransforms the classes named in
   * {@code transformed} (which the transformer fills) back.
   */
  Installation installRaw(ClassFileTransformer transformer, Collection<Class<?>> loaded, Set<String> transformed,
      Failures failures, boolean skipFailures) throws RuleRefusedException {
    Runnable remover = () -> {
      inst.removeTransformer(transformer);
      retransform(loadedNamed(transformed), null);
    };
    inst.addTransformer(transformer, true);
    retransform(loaded, failures);
    if (!skipFailures && failures.count() > 0) {
      remover.run();
      throw new RuleRefusedException("could not instrument " + failures.first()
          + (failures.count() > 1 ? " (and " + (failures.count() - 1) + " more)" : "") + "; nothing was changed");
    }
    return new Installation(remover, transformed, failures);
  }

  /** The loaded, modifiable classes whose names are in {@code names}: one pass over the loaded classes. */
  private List<Class<?>> loadedNamed(Set<String> names) {
    List<Class<?>> out = new ArrayList<>();
    if (names.isEmpty()) {
      return out;
    }
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (names.contains(c.getName()) && inst.isModifiableClass(c)) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * Retransforms {@code classes} in batches (each batch is one pass of the JVM's class
   * redefinition); a batch that fails is retried class by class, so one class that cannot be
   * retransformed does not keep the others unchanged. Failures go to {@code failures} when given.
   */
  private void retransform(Collection<Class<?>> classes, Failures failures) {
    List<Class<?>> all = new ArrayList<>(classes);
    for (int from = 0; from < all.size(); from += RETRANSFORM_BATCH) {
      List<Class<?>> batch = all.subList(from, Math.min(all.size(), from + RETRANSFORM_BATCH));
      try {
        inst.retransformClasses(batch.toArray(new Class<?>[0]));
      } catch (Exception | LinkageError e) {
        for (Class<?> c : batch) {
          try {
            inst.retransformClasses(c);
          } catch (Exception | LinkageError single) {
            if (failures != null) {
              failures.add(c.getName() + ": " + describe(single));
            }
          }
        }
      }
    }
  }

  private AgentBuilder builder(Set<String> transformed, Failures failures, boolean includeJdk) {
    // ByteBuddy skips synthetic methods by default; lambda bodies are synthetic and may call the clock.
    AgentBuilder.Ignored builder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED).ignore(none()))
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(new AgentBuilder.Listener.Adapter() {
          @Override
          public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
              DynamicType dynamicType) {
            transformed.add(type.getName());
          }

          @Override
          public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable t) {
            failures.add(typeName + ": " + describe(t));
          }
        })
        .ignore(nameStartsWith("dev.faultline.jvmagent."));
    return includeJdk ? builder : builder.or(any(), isBootstrapClassLoader().or(isExtensionClassLoader()));
  }

  /** Whether {@code haystack} contains {@code needle} (first-byte scan, then compare). */
  static boolean contains(byte[] haystack, byte[] needle) {
    byte first = needle[0];
    int last = haystack.length - needle.length;
    outer:
    for (int i = 0; i <= last; i++) {
      if (haystack[i] != first) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * A failure in words without the shaded package names: ByteBuddy's "cannot resolve type
   * description for X" says that X is missing from the class path.
   */
  private static String describe(Throwable t) {
    String m = String.valueOf(t.getMessage());
    if (m.startsWith("Cannot resolve type description for ")) {
      return "cannot resolve " + m.substring("Cannot resolve type description for ".length())
          + " (missing from its class loader)";
    }
    return t.getClass().getSimpleName() + ": " + m;
  }

  /** Classes that could not be rewritten: a count and the first few, so a long-lived rule holds little. */
  static final class Failures {
    private final List<String> examples = new ArrayList<>();
    private int count;

    synchronized void add(String failure) {
      count++;
      if (examples.size() < SkippedClasses.EXAMPLES) {
        examples.add(failure);
      }
    }

    synchronized int count() {
      return count;
    }

    synchronized String first() {
      return examples.isEmpty() ? "" : examples.get(0);
    }

    synchronized SkippedClasses skipped() {
      return count == 0 ? SkippedClasses.NONE : SkippedClasses.of(count, examples);
    }
  }
}
