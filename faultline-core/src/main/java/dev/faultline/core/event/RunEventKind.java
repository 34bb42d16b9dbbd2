package dev.faultline.core.event;

/** What happened during a run; the journal's timeline is a list of these. */
public enum RunEventKind {
  RUN_STARTED,
  HYPOTHESIS_STARTED,
  HYPOTHESIS_ENDED,
  METHOD_STARTED,
  METHOD_ENDED,
  ACTIVITY_STARTED,
  ACTIVITY_ENDED,
  PAUSE_STARTED,
  PAUSE_ENDED,
  PROBE_VALUE,
  FAULT_APPLIED,
  FAULT_RECOVERED,
  /** Something about an applied fault needs attention, e.g. its lease could not be renewed. */
  FAULT_WARNING,
  /**
   * A fault activity's target was resolved against the fleet: seed, candidate count, chosen agents
   * (also on dry runs, where nothing is applied), or why it was refused.
   */
  TARGET_SELECTED,
  /** One step of a progressive rollout: the agents it added and whether the steady state held. */
  ROLLOUT_STEP,
  SAFEGUARD_TRIGGERED,
  INTERRUPTED,
  ROLLBACKS_STARTED,
  ROLLBACKS_ENDED,
  RUN_ENDED
}
