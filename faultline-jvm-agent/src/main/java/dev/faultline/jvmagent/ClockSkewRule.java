package dev.faultline.jvmagent;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.faultline.jvmagent.advice.ClockInstantAdvice;
import dev.faultline.jvmagent.advice.ClockMillisAdvice;
import dev.faultline.jvmagent.bootstrap.FaultDispatch;
import java.lang.instrument.Instrumentation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Shifts the JVM's wall clock by an offset:
 * <ul>
 *   <li>{@code Instant.now()}, {@code Clock.systemUTC()/systemDefaultZone()} {@code instant()} and
 *       {@code millis()}, and so {@code LocalDateTime.now()}, {@code ZonedDateTime.now()} and the
 *       rest of {@code java.time}: advice on the JDK's system clock ({@code Clock.currentInstant} on
 *       JDK 17+, {@code Clock$SystemClock.instant} before);</li>
 *   <li>{@code System.currentTimeMillis()} called from application classes (not from JDK classes):
 *       the call sites are redirected to {@code FaultDispatch.currentTimeMillis()}. The native method
 *       itself cannot be changed by a retransforming agent.</li>
 * </ul>
 * {@code System.nanoTime()} is monotonic, not wall-clock time, and stays as it is.
 */
final class ClockSkewRule extends Rule {
  private static final String CURRENT_TIME_MILLIS = "currentTimeMillis";
  private final Instrumenter.Installation jdkClock;
  private final Instrumenter.Installation callSites;

  private ClockSkewRule(int id, RuleRequest request, Instrumenter.Installation jdkClock,
      Instrumenter.Installation callSites) {
    super(id, request);
    this.jdkClock = jdkClock;
    this.callSites = callSites;
  }

  static ClockSkewRule add(int id, RuleRequest r, Instrumentation inst, Instrumenter instrumenter)
      throws RuleRefusedException {
    if (FaultDispatch.class.getClassLoader() != null) {
      throw new RuleRefusedException("clock skew needs the agent's dispatch class on the bootstrap class path, and "
          + "it is not (the agent jar was put on the class path by hand?)");
    }
    Instrumenter.Installation jdk = instrumenter.installOn(loadJdkClocks(), jdkClockTypes(), jdkClockAdvice(), true);
    Instrumenter.Installation sites;
    try {
      // Only classes whose bytes name currentTimeMillis are handed to ByteBuddy, now and when loaded later.
      // Only classes whose class files name currentTimeMillis are retransformed; see CallSiteRedirect.
      Instrumenter.Failures failures = new Instrumenter.Failures();
      CallSiteRedirect redirect = new CallSiteRedirect("java/lang/System", CURRENT_TIME_MILLIS, "()J",
          FaultDispatch.class, failures);
      FaultDispatch.class.getMethod(CURRENT_TIME_MILLIS); // the target exists, or the add is refused
      sites = instrumenter.installRaw(redirect, CallSiteScan.classesCalling(inst, CURRENT_TIME_MILLIS),
          redirect.transformed(), failures, true);
    } catch (NoSuchMethodException | RuleRefusedException | RuntimeException e) {
      jdk.remove();
      throw e instanceof RuleRefusedException ? (RuleRefusedException) e
          : new RuleRefusedException("could not redirect System.currentTimeMillis(): " + e);
    }
    return new ClockSkewRule(id, r, jdk, sites);
  }

  /**
   * Loads the JDK's system clock classes so they are retransformed now (a JDK class loaded after
   * the transformer is installed was observed not to receive it), and returns them.
   */
  private static List<Class<?>> loadJdkClocks() {
    Clock.systemUTC().millis();
    try {
      Class.forName("java.time.InstantSource").getMethod("system").invoke(null); // JDK 17+
    } catch (ReflectiveOperationException e) {
      // JDK 11: no InstantSource
    }
    List<Class<?>> out = new ArrayList<>();
    for (String name : new String[] {"java.time.Clock", "java.time.Clock$SystemClock",
        "java.time.Clock$SystemInstantSource"}) {
      try {
        out.add(Class.forName(name, false, null));
      } catch (ClassNotFoundException e) {
        // Clock$SystemInstantSource is JDK 17+
      }
    }
    return out;
  }

  private static ElementMatcher.Junction<TypeDescription> jdkClockTypes() {
    return named("java.time.Clock").or(named("java.time.Clock$SystemClock"))
        .or(named("java.time.Clock$SystemInstantSource"));
  }

  private static AsmVisitorWrapper jdkClockAdvice() {
    ElementMatcher.Junction<MethodDescription> instant = hasCurrentInstant()
        ? named("currentInstant").and(isStatic()).and(isDeclaredBy(named("java.time.Clock")))
        : named("instant").and(isDeclaredBy(named("java.time.Clock$SystemClock")));
    ElementMatcher.Junction<MethodDescription> millis = named("millis").and(takesArguments(0)).and(returns(long.class))
        .and(isDeclaredBy(named("java.time.Clock$SystemClock").or(named("java.time.Clock$SystemInstantSource"))));
    return new AsmVisitorWrapper.Compound(
        Advice.to(ClockInstantAdvice.class).on(instant.and(returns(Instant.class))),
        Advice.to(ClockMillisAdvice.class).on(millis));
  }

  private static boolean hasCurrentInstant() {
    try {
      Clock.class.getDeclaredMethod("currentInstant");
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  @Override
  String target() {
    return "jvm";
  }

  @Override
  String effect() {
    return "clock skew " + (request.skewMs >= 0 ? "+" : "") + request.skewMs + "ms";
  }

  @Override
  long hits() {
    return 1;
  }

  @Override
  SkippedClasses skipped() {
    return callSites.skipped();
  }

  @Override
  int instrumentedClasses() {
    return jdkClock.transformedClasses() + callSites.transformedClasses();
  }

  @Override
  void activate() {
    FaultDispatch.clockSkewMs = request.skewMs; // only now: the advice is in place and the add is still wanted
  }

  @Override
  void stopEffect() {
    FaultDispatch.clockSkewMs = 0;
  }

  @Override
  void revert() {
    callSites.remove();
    jdkClock.remove();
  }
}
