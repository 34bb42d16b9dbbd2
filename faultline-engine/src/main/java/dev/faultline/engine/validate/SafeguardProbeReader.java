package dev.faultline.engine.validate;

import dev.faultline.core.experiment.Activity;
import dev.faultline.core.experiment.ControlSpec;
import dev.faultline.core.time.DurationText;
import dev.faultline.engine.control.SafeguardProbe;
import dev.faultline.engine.load.Document;
import dev.faultline.engine.provider.ProviderRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the probes of a validated safeguards control into runnable form. */
public final class SafeguardProbeReader {
  private SafeguardProbeReader() {}

  /** The control's probes; the control was validated, so every probe reads cleanly. */
  public static List<SafeguardProbe> read(ControlSpec control, ProviderRegistry providers) {
    Problems problems = new Problems(new Document(control.path(), null, Map.of()));
    ActivityReader reader = new ActivityReader(problems, providers, Map.of());
    List<SafeguardProbe> out = new ArrayList<>();
    Object probes = control.arguments().get("probes");
    if (probes instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        Activity a = reader.readActivity(list.get(i), control.path() + ".provider.arguments.probes[" + i + "]",
            ActivityReader.Kind.SAFEGUARD_PROBE);
        if (a != null) {
          Object f = a.document().get("frequency");
          Optional<Duration> frequency = f instanceof Number n && n.doubleValue() > 0
              ? Optional.of(DurationText.ofSeconds(n.doubleValue())) : Optional.empty();
          out.add(new SafeguardProbe(a, frequency));
        }
      }
    }
    return out;
  }
}
