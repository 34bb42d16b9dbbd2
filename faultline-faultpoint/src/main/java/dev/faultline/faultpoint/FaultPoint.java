package dev.faultline.faultpoint;

/**
 * A named place in application code where Faultline's JVM agent may inject a fault, for teams that
 * prefer explicit fault points to selecting methods by name:
 *
 * <pre>{@code
 * Order place(Cart cart) {
 *   FaultPoint.check("checkout.place-order");
 *   ...
 * }
 * }</pre>
 *
 * <p>A rule such as {@code faultline jvm add --pid N --point checkout.place-order --throw
 * java.lang.IllegalStateException} then throws, delays or kills the JVM here. While no rule targets
 * any fault point this method is empty, so the JIT compiler removes the call entirely; the agent
 * instruments it only while a fault-point rule exists and restores it when the last one is cleared.
 */
public final class FaultPoint {

  private FaultPoint() {}

  /**
   * Marks a fault point. Does nothing unless the Faultline agent holds a rule for {@code name}; then
   * it may throw an unchecked exception, sleep, or end the JVM, as the rule says.
   *
   * @param name the fault point's name, e.g. {@code payments.charge}; compared exactly
   */
  public static void check(String name) {
    // Intentionally empty: the agent adds behaviour here only while a rule targets a fault point.
  }
}
