package dev.faultline.core.experiment;

import dev.faultline.core.tolerance.Tolerance;
import java.util.List;
import java.util.Map;

/**
 * A probe or an action, declared in full.
 *
 * @param type probe or action
 * @param name unique name, the target of {@code ref}
 * @param provider what the activity calls
 * @param tolerance what a hypothesis probe's value must satisfy; null when absent (and ignored on
 *     method probes, as in Chaos Toolkit)
 * @param pauses sleeps before and after
 * @param background whether the method goes on without waiting for it
 * @param controls activity-level controls
 * @param document the activity exactly as written, copied into the journal
 * @param path where it sits in the document, e.g. {@code method[0]}
 */
public record Activity(
    ActivityType type,
    String name,
    ProviderSpec provider,
    Tolerance tolerance,
    Pauses pauses,
    boolean background,
    List<ControlSpec> controls,
    Map<String, Object> document,
    String path)
    implements Step {
  public Activity {
    controls = List.copyOf(controls);
    document = Values.unmodifiableMap(document);
  }
}
