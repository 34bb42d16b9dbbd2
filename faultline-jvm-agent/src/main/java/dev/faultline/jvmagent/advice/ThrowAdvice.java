package dev.faultline.jvmagent.advice;

import dev.faultline.jvmagent.bootstrap.FaultDispatch;
import net.bytebuddy.asm.Advice;

/** Throw rule: when the rule fires, the method throws the configured exception instead of running. */
public final class ThrowAdvice {
  private ThrowAdvice() {}

  @Advice.OnMethodEnter(inline = true)
  static void enter(@RuleSlot int slot) throws Throwable {
    Throwable t = FaultDispatch.perform(slot);
    if (t != null) {
      throw t;
    }
  }
}
