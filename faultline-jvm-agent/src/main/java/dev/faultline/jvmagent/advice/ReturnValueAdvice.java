package dev.faultline.jvmagent.advice;

import dev.faultline.jvmagent.bootstrap.FaultDispatch;
import dev.faultline.jvmagent.bootstrap.FaultEffect;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Return-value rule: when the rule fires the method body is skipped and the configured value is
 * returned (unboxed for primitive return types; the type was checked when the rule was added).
 */
public final class ReturnValueAdvice {
  private ReturnValueAdvice() {}

  @Advice.OnMethodEnter(inline = true, skipOn = Advice.OnNonDefaultValue.class)
  static FaultEffect.ReturnEffect enter(@RuleSlot int slot) {
    return FaultDispatch.returning(slot);
  }

  @Advice.OnMethodExit(inline = true)
  static void exit(@Advice.Enter FaultEffect.ReturnEffect fired,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
    if (fired != null) {
      returned = fired.value();
    }
  }
}
