package dev.faultline.jvmagent;

import static net.bytebuddy.matcher.ElementMatchers.canThrow;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import dev.faultline.jvmagent.advice.KillAdvice;
import dev.faultline.jvmagent.advice.LatencyAdvice;
import dev.faultline.jvmagent.advice.ReturnValueAdvice;
import dev.faultline.jvmagent.advice.RuleSlot;
import dev.faultline.jvmagent.advice.ThrowAdvice;
import dev.faultline.jvmagent.bootstrap.FaultDispatch;
import dev.faultline.jvmagent.bootstrap.FaultEffect;
import dev.faultline.jvmagent.bootstrap.FaultGate;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** A throw, latency, return-value or kill rule on selected methods, with its instrumentation. */
final class MethodRule extends GatedRule {
  /** More loaded classes than this need {@code --allow-broad}. */
  static final int BROAD_CLASS_LIMIT = 50;

  private final MethodSelector selector;
  private final Instrumenter.Installation installation;

  private MethodRule(int id, RuleRequest request, MethodSelector selector, FaultGate gate,
      Instrumenter.Installation installation) {
    super(id, request, gate);
    this.selector = selector;
    this.installation = installation;
  }

  /** Checks the request against the loaded classes and installs it, or refuses with nothing changed. */
  static MethodRule add(int id, RuleRequest r, Instrumentation inst, Instrumenter instrumenter)
      throws RuleRefusedException {
    MethodSelector selector = new MethodSelector(r.className, r.implementations, r.method, r.params);
    List<Class<?>> classes = selector.loadedClasses(inst);
    if (classes.isEmpty() && !r.allowUnloaded) {
      throw new RuleRefusedException("no loaded class matches " + (r.implementations ? "implementations of " : "")
          + "'" + r.className + "'" + similarNames(r.className, inst) + "; check the name, or add --allow-unloaded "
          + "to instrument it when it loads");
    }
    if (classes.size() > BROAD_CLASS_LIMIT && !r.allowBroad) {
      throw new RuleRefusedException("'" + r.className + "' matches " + classes.size() + " loaded classes (more than "
          + BROAD_CLASS_LIMIT + "); name the class more precisely, or add --allow-broad");
    }
    List<Class<?>> jdkClasses = new ArrayList<>();
    for (Class<?> c : classes) {
      ClassLoader loader = c.getClassLoader();
      if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
        jdkClasses.add(c);
      }
    }
    classes.removeAll(jdkClasses);
    if (classes.isEmpty() && !jdkClasses.isEmpty()) {
      throw new RuleRefusedException("only JDK classes match '" + r.className + "' (e.g. " + jdkClasses.get(0).getName()
          + "); method rules change application classes only");
    }
    List<Method> methods = new ArrayList<>();
    for (Class<?> c : classes) {
      methods.addAll(selector.methodsOf(c));
    }
    if (!classes.isEmpty() && methods.isEmpty()) {
      Class<?> first = classes.get(0);
      throw new RuleRefusedException("no method " + selector.describe() + " in " + first.getName()
          + (classes.size() > 1 ? " (or " + (classes.size() - 1) + " other matching classes)" : "")
          + "; its methods: " + MethodSelector.methodNames(first));
    }
    ClassLoader hint = classes.isEmpty() ? null : classes.get(0).getClassLoader();
    FaultEffect effect = MethodEffects.build(r, methods, hint, inst);
    FaultGate gate = new FaultGate(r.probability, r.maxHits, effect);
    FaultDispatch.install(id, gate);
    try {
      Advice.WithCustomMapping mapping = Advice.withCustomMapping().bind(RuleSlot.class, id);
      // Only the classes found above are retransformed: no second pass of ByteBuddy over every loaded class.
      Instrumenter.Installation installation = instrumenter.installOn(classes, selector.typeMatcher(),
          mapping.to(adviceFor(r.kind)).on(methodMatcher(selector, r, methods, hint, inst)), false);
      if (!classes.isEmpty() && installation.transformedClasses() == 0) {
        installation.remove();
        throw new RuleRefusedException("no loaded class could be instrumented for " + selector.describe());
      }
      return new MethodRule(id, r, selector, gate, installation);
    } catch (RuleRefusedException | RuntimeException e) {
      FaultDispatch.remove(id);
      throw e;
    }
  }

  private static Class<?> adviceFor(String kind) {
    switch (kind) {
      case "throw":
        return ThrowAdvice.class;
      case "latency":
        return LatencyAdvice.class;
      case "return":
        return ReturnValueAdvice.class;
      default:
        return KillAdvice.class;
    }
  }

  /** Adds the checks made on loaded methods to the matcher, so classes loaded later obey them too. */
  private static ElementMatcher<? super MethodDescription> methodMatcher(MethodSelector selector, RuleRequest r,
      List<Method> checked, ClassLoader hint, Instrumentation inst) throws RuleRefusedException {
    ElementMatcher.Junction<MethodDescription> m = selector.methodMatcher();
    if (r.kind.equals("throw")) {
      // Classes loaded later get a checked exception only on methods that declare it.
      m = m.and(canThrow(TypeDescription.ForLoadedType.of(ExceptionFactory.resolve(r.exception, hint, inst))));
    }
    if (r.kind.equals("return") && !checked.isEmpty()) {
      m = m.and(returns(TypeDescription.ForLoadedType.of(checked.get(0).getReturnType())));
    }
    return m;
  }

  private static String similarNames(String className, Instrumentation inst) {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    List<String> similar = new ArrayList<>();
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (c.getSimpleName().equalsIgnoreCase(simple) && similar.size() < 3 && !c.getName().equals(className)) {
        similar.add(c.getName());
      }
    }
    return similar.isEmpty() ? "" : " (loaded classes with that simple name: " + String.join(", ", similar) + ")";
  }

  @Override
  String target() {
    return selector.describe();
  }

  @Override
  int instrumentedClasses() {
    return installation.transformedClasses();
  }

  @Override
  void revert() {
    installation.remove();
    FaultDispatch.remove(id);
  }
}
