package dev.faultline.jvmagent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.faultline.jvmagent.advice.FaultPointAdvice;
import dev.faultline.jvmagent.bootstrap.FaultDispatch;
import dev.faultline.jvmagent.bootstrap.FaultEffect;
import dev.faultline.jvmagent.bootstrap.FaultGate;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/**
 * The rules on fault points. {@code FaultPoint.check} is instrumented while at least one point rule
 * exists and restored to its empty body when the last one goes, so untargeted points cost nothing.
 */
final class FaultPoints {
  static final String FAULT_POINT_CLASS = "dev.faultline.faultpoint.FaultPoint";

  private final Instrumentation inst;
  private final Instrumenter instrumenter;
  private final List<PointRule> rules = new ArrayList<>();
  private Instrumenter.Installation installation;

  FaultPoints(Instrumentation inst, Instrumenter instrumenter) {
    this.inst = inst;
    this.instrumenter = instrumenter;
  }

  synchronized PointRule add(int id, RuleRequest r) throws RuleRefusedException {
    List<Class<?>> loaded = loadedFaultPoints();
    if (!r.allowUnloaded && loaded.isEmpty()) {
      throw new RuleRefusedException("the target has not loaded " + FAULT_POINT_CLASS + " (it uses no fault points, or "
          + "has not reached one yet); add --allow-unloaded to arm the rule anyway");
    }
    FaultEffect effect = MethodEffects.build(r, Collections.emptyList(), null, inst);
    PointRule rule = new PointRule(id, r, new FaultGate(r.probability, r.maxHits, effect), this);
    rules.add(rule);
    publish();
    if (installation == null) {
      try {
        installation = instrumenter.installOn(loaded, named(FAULT_POINT_CLASS),
            Advice.to(FaultPointAdvice.class).on(named("check").and(takesArguments(String.class))), false);
      } catch (RuleRefusedException e) {
        rules.remove(rule);
        publish();
        throw e;
      }
    }
    return rule;
  }

  synchronized void remove(PointRule rule) {
    rules.remove(rule);
    publish();
    if (rules.isEmpty() && installation != null) {
      installation.remove();
      installation = null;
    }
  }

  synchronized int instrumentedClasses() {
    return installation == null ? 0 : installation.transformedClasses();
  }

  private void publish() {
    Map<String, List<FaultGate>> byName = new HashMap<>();
    for (PointRule r : rules) {
      byName.computeIfAbsent(r.request.point, k -> new ArrayList<>()).add(r.gate());
    }
    FaultDispatch.installPoints(byName);
  }

  /** The loaded copies of {@code FaultPoint} (one per class loader that loaded it), found by name. */
  private List<Class<?>> loadedFaultPoints() {
    List<Class<?>> out = new ArrayList<>();
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (c.getName().equals(FAULT_POINT_CLASS) && inst.isModifiableClass(c)) {
        out.add(c);
      }
    }
    return out;
  }
}
