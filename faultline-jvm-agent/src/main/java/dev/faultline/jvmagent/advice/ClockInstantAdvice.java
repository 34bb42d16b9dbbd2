package dev.faultline.jvmagent.advice;

import dev.faultline.jvmagent.bootstrap.FaultDispatch;
import java.time.Instant;
import net.bytebuddy.asm.Advice;

/**
 * Clock skew for {@code Instant.now()}, {@code Clock.systemUTC().instant()} and everything built on
 * them: added to the JDK's system-clock {@code Instant} source, it shifts the result.
 */
public final class ClockInstantAdvice {
  private ClockInstantAdvice() {}

  @Advice.OnMethodExit(inline = true)
  static void exit(@Advice.Return(readOnly = false) Instant now) {
    long skew = FaultDispatch.clockSkewMs;
    if (skew != 0 && now != null) {
      now = now.plusMillis(skew);
    }
  }
}
