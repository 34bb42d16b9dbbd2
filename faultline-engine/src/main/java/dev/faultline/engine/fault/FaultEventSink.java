package dev.faultline.engine.fault;

import dev.faultline.core.event.RunEventKind;
import java.util.Map;

/** Where a fault session reports faults applied and recovered (the run's timeline). */
@FunctionalInterface
public interface FaultEventSink {
  void record(RunEventKind kind, String subject, Map<String, Object> attributes);
}
