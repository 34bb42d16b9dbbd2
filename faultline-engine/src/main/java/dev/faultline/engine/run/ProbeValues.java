package dev.faultline.engine.run;

import dev.faultline.core.event.RunEventKind;
import dev.faultline.core.experiment.Activity;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** Records a probe's value in the timeline, with the number a chart can plot when there is one. */
final class ProbeValues {
  private ProbeValues() {}

  /**
   * @param met whether the value was within tolerance, or null when no tolerance applies
   * @param explanation the tolerance check in words, or null
   */
  static void record(Timeline timeline, Activity probe, Phase phase, Object output, Boolean met, String explanation) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("phase", phase.wireName());
    attributes.put("value", output);
    BigDecimal numeric = NumericValue.of(output);
    if (numeric != null) {
      attributes.put("numeric", numeric.doubleValue());
    }
    if (met != null) {
      attributes.put("tolerance_met", met);
    }
    if (explanation != null) {
      attributes.put("explanation", explanation);
    }
    timeline.record(RunEventKind.PROBE_VALUE, probe.name(), attributes);
  }
}
