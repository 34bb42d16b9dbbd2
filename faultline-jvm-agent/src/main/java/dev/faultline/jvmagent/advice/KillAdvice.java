package dev.faultline.jvmagent.advice;

import dev.faultline.jvmagent.bootstrap.FaultDispatch;
import net.bytebuddy.asm.Advice;

/** Kill rule on a method: when the rule fires, the JVM exits (or halts) as the method is called. */
public final class KillAdvice {
  private KillAdvice() {}

  @Advice.OnMethodEnter(inline = true)
  static void enter(@RuleSlot int slot) {
    FaultDispatch.perform(slot);
  }
}
