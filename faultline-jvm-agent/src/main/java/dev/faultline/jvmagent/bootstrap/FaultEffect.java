package dev.faultline.jvmagent.bootstrap;

import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a firing rule does at the instrumented call. One subclass per method-level fault; all JDK
 * only, because they run in whatever class loader the instrumented class lives in.
 */
public abstract class FaultEffect {

  FaultEffect() {}

  /** Performs the effect; returns a throwable the call site must throw, or null. */
  public abstract Throwable perform();

  /**
   * Called once when the rule stops firing: effects that hold calls (latency) let them go at once,
   * so clearing a long latency does not leave requests blocked for the rest of it.
   */
  void release() {}

  /** Throws a fresh exception made by the agent's factory (checked ones only where declared). */
  public static FaultEffect throwing(Callable<Throwable> factory) {
    return new FaultEffect() {
      @Override
      public Throwable perform() {
        try {
          return factory.call();
        } catch (Exception e) {
          // The factory was tried when the rule was added; if it fails now, report that failure.
          return new IllegalStateException("faultline: could not create the configured exception", e);
        }
      }
    };
  }

  /**
   * Sleeps {@code fixedMs} plus a uniform random part of up to {@code jitterMs}, or until the rule is
   * released (cleared or expired), whichever comes first.
   */
  public static FaultEffect delaying(long fixedMs, long jitterMs) {
    return new DelayEffect(fixedMs, jitterMs);
  }

  /** Ends the JVM: {@code System.exit} (shutdown hooks run) or {@code Runtime.halt} (they do not). */
  public static FaultEffect killing(int exitCode, boolean halt) {
    return new FaultEffect() {
      @Override
      public Throwable perform() {
        if (halt) {
          Runtime.getRuntime().halt(exitCode);
        }
        System.exit(exitCode);
        return null;
      }
    };
  }

  /** Makes the method return {@code value} without running its body. */
  public static FaultEffect returning(Object value) {
    return new ReturnEffect(value);
  }

  /** The effect of a return-value rule: the value the method returns instead. */
  public static final class ReturnEffect extends FaultEffect {
    private final Object value;

    ReturnEffect(Object value) {
      this.value = value;
    }

    public Object value() {
      return value;
    }

    @Override
    public Throwable perform() {
      return null;
    }
  }
}
