package dev.faultline.jvmagent;

import dev.faultline.jvmagent.bootstrap.FaultGate;

/**
 * A throw, latency or kill rule on a named {@code FaultPoint.check(name)}. The instrumentation of
 * {@code FaultPoint} is shared by all point rules and owned by {@link FaultPoints}.
 */
final class PointRule extends GatedRule {
  private final FaultPoints points;

  PointRule(int id, RuleRequest request, FaultGate gate, FaultPoints points) {
    super(id, request, gate);
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
  int instrumentedClasses() {
    return points.instrumentedClasses();
  }

  @Override
  void revert() {
    points.remove(this);
  }
}
