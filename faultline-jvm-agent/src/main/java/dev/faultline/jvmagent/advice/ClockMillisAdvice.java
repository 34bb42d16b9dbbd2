package dev.faultline.jvmagent.advice;

import dev.faultline.jvmagent.bootstrap.FaultDispatch;
import net.bytebuddy.asm.Advice;

/** Clock skew for {@code Clock.millis()} of the JDK's system clocks. */
public final class ClockMillisAdvice {
  private ClockMillisAdvice() {}

  @Advice.OnMethodExit(inline = true)
  static void exit(@Advice.Return(readOnly = false) long millis) {
    millis += FaultDispatch.clockSkewMs;
  }
}
