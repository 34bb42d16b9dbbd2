package dev.faultline.jvmagent;

import dev.faultline.jvmagent.bootstrap.FaultGate;

/**
 * A throw, latency or kill rule on a named {@code FaultPoint.check(name)}. The instrumentation of
 * {@code FaultPoint} is shared by all point rules and owned by {@link FaultPoints}.
 */
final class PointRule extends Rule {
  private final FaultGate gate;
  private final FaultPoints points;

  PointRule(int id, RuleRequest request, FaultGate gate, FaultPoints points) {
    super(id, request);
    this.gate = gate;
    this.points = points;
  }

  FaultGate gate() {
    return gate;
  }

  @Override
  String target() {
    return "point " + request.point;
  }

  @Override
  String effect() {
    return MethodEffects.describe(request);
  }

  @Override
  long hits() {
    return gate.hits();
  }

  @Override
  int instrumentedClasses() {
    return points.instrumentedClasses();
  }

  @Override
  boolean exhausted() {
    return gate.exhausted();
  }

  @Override
  void revert() {
    gate.deactivate();
    points.remove(this);
  }
}
