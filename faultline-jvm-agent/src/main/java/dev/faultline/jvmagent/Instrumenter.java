package dev.faultline.jvmagent;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isExtensionClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.none;

import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
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
  private final Instrumentation inst;

  Instrumenter(Instrumentation inst) {
    this.inst = inst;
  }

  /** One installed transformer. */
  final class Installation {
    private final ResettableClassFileTransformer transformer;
    private final Set<String> transformed;
    private final Failures failures;

    private Installation(ResettableClassFileTransformer transformer, Set<String> transformed, Failures failures) {
      this.transformer = transformer;
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
      transformer.reset(inst, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
    }
  }

  /**
   * Applies {@code visitor} to the methods of types matching {@code types}.
   *
   * @param includeJdk whether JDK classes (bootstrap and platform loaders) may be changed
   * @throws RuleRefusedException when any loaded class could not be changed; nothing stays installed then
   */
  Installation install(ElementMatcher<? super TypeDescription> types, AsmVisitorWrapper visitor, boolean includeJdk)
      throws RuleRefusedException {
    return install(types, visitor, includeJdk, false);
  }

  /**
   * As {@link #install(ElementMatcher, AsmVisitorWrapper, boolean)}; with {@code skipFailures}, a
   * loaded class that cannot be rewritten (e.g. {@code TypeNotPresentException} from a generic
   * signature naming a class missing from the class path) is left as it is and reported in
   * {@link Installation#skipped()} instead of refusing the whole change. ByteBuddy's transformer
   * returns such a class unchanged, so the others are rewritten all the same.
   */
  Installation install(ElementMatcher<? super TypeDescription> types, AsmVisitorWrapper visitor, boolean includeJdk,
      boolean skipFailures) throws RuleRefusedException {
    Failures failures = new Failures();
    Set<String> transformed = ConcurrentHashMap.newKeySet();
    // ByteBuddy skips synthetic methods by default; lambda bodies are synthetic and may call the clock.
    AgentBuilder.Ignored builder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED).ignore(none()))
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.SinglePass.INSTANCE)
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
    if (!includeJdk) {
      builder = builder.or(any(), isBootstrapClassLoader().or(isExtensionClassLoader()));
    }
    ResettableClassFileTransformer transformer;
    try {
      transformer = builder.type(types)
          .transform((DynamicType.Builder<?> b, TypeDescription type, ClassLoader loader, JavaModule module,
              ProtectionDomain pd) -> b.visit(visitor))
          .installOn(inst);
    } catch (RuntimeException e) {
      throw new RuleRefusedException("could not instrument: " + e.getMessage());
    }
    if (!skipFailures && failures.count() > 0) {
      transformer.reset(inst, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
      throw new RuleRefusedException("could not instrument " + failures.first()
          + (failures.count() > 1 ? " (and " + (failures.count() - 1) + " more)" : "") + "; nothing was changed");
    }
    return new Installation(transformer, transformed, failures);
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
  private static final class Failures {
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
