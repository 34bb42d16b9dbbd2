package dev.faultline.jvmagent;

import dev.faultline.jvmagent.bootstrap.FaultEffect;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Builds the {@link FaultEffect} of a throw, latency, return or kill rule after checking it against
 * the selected methods, and says it in words for {@code rules}.
 */
final class MethodEffects {
  private MethodEffects() {}

  /** The effect, checked against {@code methods} (may be empty when the classes are not loaded yet). */
  static FaultEffect build(RuleRequest r, List<Method> methods, ClassLoader hint, Instrumentation inst)
      throws RuleRefusedException {
    switch (r.kind) {
      case "throw": {
        Class<? extends Throwable> type = ExceptionFactory.resolve(r.exception, hint, inst);
        if (r.point != null && ExceptionFactory.isChecked(type)) {
          throw new RuleRefusedException(type.getName() + " is a checked exception and FaultPoint.check declares none; "
              + "use an unchecked exception such as java.lang.IllegalStateException");
        }
        ExceptionFactory.checkDeclared(type, methods);
        return FaultEffect.throwing(ExceptionFactory.factory(type, r.message));
      }
      case "latency":
        return FaultEffect.delaying(r.latencyMs, r.jitterMs);
      case "kill":
        return FaultEffect.killing(r.exitCode, r.halt);
      case "return": {
        if (methods.isEmpty()) {
          throw new RuleRefusedException("a return-value rule needs its class loaded, to check the return type; "
              + "call the code once first");
        }
        Object value = ReturnValues.convert(r.value, methods.get(0));
        for (Method m : methods) {
          if (m.getReturnType() != methods.get(0).getReturnType()) {
            throw new RuleRefusedException("the selection has methods with different return types ("
                + methods.get(0).getReturnType().getName() + " and " + m.getReturnType().getName()
                + "); add --params to pick one");
          }
        }
        return FaultEffect.returning(value);
      }
      default:
        throw new IllegalArgumentException("not a method-level kind: " + r.kind);
    }
  }

  static String describe(RuleRequest r) {
    switch (r.kind) {
      case "throw":
        return "throw " + r.exception + (r.message == null ? "" : "(\"" + r.message + "\")");
      case "latency":
        return "latency " + r.latencyMs + "ms" + (r.jitterMs > 0 ? " + up to " + r.jitterMs + "ms jitter" : "");
      case "kill":
        return (r.halt ? "halt" : "exit") + " with code " + r.exitCode;
      default:
        return "return " + r.value;
    }
  }
}
