package dev.faultline.jvmagent;

import dev.faultline.jvmagent.bootstrap.FaultGate;

/**
 * A method-level rule (on selected methods or on a named fault point): its effect fires through a
 * {@link FaultGate}, which decides each call (probability, max hits, deadline) and counts hits.
 */
abstract class GatedRule extends Rule {
  final FaultGate gate;

  GatedRule(int id, RuleRequest request, FaultGate gate) {
    super(id, request);
    this.gate = gate;
  }

  @Override
  final String effect() {
    return MethodEffects.describe(request);
  }

  @Override
  final long hits() {
    return gate.hits();
  }

  @Override
  final boolean exhausted() {
    return gate.exhausted();
  }

  @Override
  final void activate() {
    gate.activate();
  }

  @Override
  final void expiresAt(long nanos) {
    gate.deadline(nanos); // the gate stops firing at once, before the agent removes the rule
  }

  @Override
  final void stopEffect() {
    gate.deactivate();
  }
}
