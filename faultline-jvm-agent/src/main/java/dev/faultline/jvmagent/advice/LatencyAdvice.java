package dev.faultline.jvmagent.advice;

import dev.faultline.jvmagent.bootstrap.FaultDispatch;
import net.bytebuddy.asm.Advice;

/** Latency rule: when the rule fires, the calling thread sleeps before the method body runs. */
public final class LatencyAdvice {
  private LatencyAdvice() {}

  @Advice.OnMethodEnter(inline = true)
  static void enter(@RuleSlot int slot) {
    FaultDispatch.perform(slot);
  }
}
