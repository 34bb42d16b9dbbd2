package dev.faultline.jvmagent.advice;

import dev.faultline.jvmagent.bootstrap.FaultDispatch;
import net.bytebuddy.asm.Advice;

/**
 * Added to {@code FaultPoint.check(String)} while at least one fault-point rule exists: runs the
 * rules named by the argument.
 */
public final class FaultPointAdvice {
  private FaultPointAdvice() {}

  @Advice.OnMethodEnter(inline = true)
  static void enter(@Advice.Argument(0) String name) throws Throwable {
    Throwable t = FaultDispatch.point(name);
    if (t != null) {
      throw t;
    }
  }
}
