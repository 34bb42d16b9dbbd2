package dev.faultline.engine.validate;

import dev.faultline.core.experiment.ControlSpec;
import dev.faultline.core.experiment.ProviderSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code controls} lists. Faultline runs the controls it has natively (safeguards,
 * synchronization); any other control module gets a warning and is ignored, as Chaos Toolkit
 * does when it cannot import one.
 */
final class ControlReader {
  /** Module of Chaos Toolkit's safeguards control, run natively. */
  static final String SAFEGUARDS = "chaosaddons.controls.safeguards";
  /** Module whose only job (stop safeguards once the experiment ends) Faultline does itself. */
  static final String SYNCHRONIZATION = "chaosaddons.controls.synchronization";

  private final Problems problems;
  private final ActivityReader activities;

  ControlReader(Problems problems, ActivityReader activities) {
    this.problems = problems;
    this.activities = activities;
  }

  List<ControlSpec> readList(Object value, String path) {
    List<ControlSpec> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof List<?> list)) {
      problems.error(path, "controls must be a list of controls, each with a name and a provider; found "
          + Problems.typeOf(value) + " (Chaos Toolkit fails with: A control must have a `name` property)");
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      ControlSpec c = read(list.get(i), path + "[" + i + "]");
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private ControlSpec read(Object value, String path) {
    if (!(value instanceof Map<?, ?>)) {
      problems.error(path, "a control must be an object with a name and a provider; found " + Problems.typeOf(value));
      return null;
    }
    Map<String, Object> map = (Map<String, Object>) value;
    if (!(map.get("name") instanceof String name) || name.isBlank()) {
      problems.error(path + ".name", "A control must have a `name` property");
      return null;
    }
    Object scope = map.get("scope");
    if (scope != null && !"before".equals(scope) && !"after".equals(scope)) {
      problems.error(path + ".scope", "scope must be before or after; found " + Problems.typeOf(scope));
    }
    boolean automatic = !(map.get("automatic") instanceof Boolean b) || b;
    if (map.containsKey("ref") && !map.containsKey("provider")) {
      return null; // a reference to a top-level control, which is already applied to every level
    }
    if (!(map.get("provider") instanceof Map<?, ?> providerMap)) {
      problems.error(path + ".provider", "A control must have a `provider` property");
      return null;
    }
    Map<String, Object> props = new LinkedHashMap<>((Map<String, Object>) providerMap);
    Object type = props.remove("type");
    if (!"python".equals(type)) {
      problems.error(path + ".provider.type", "a control provider must be of type python; found " + Problems.typeOf(type));
      return null;
    }
    ControlSpec spec = new ControlSpec(name, new ProviderSpec("python", props), scope instanceof String s ? s : null,
        automatic, path);
    String module = spec.module();
    if (SAFEGUARDS.equals(module)) {
      readSafeguardProbes(spec, path + ".provider.arguments.probes");
    } else if (!SYNCHRONIZATION.equals(module)) {
      problems.warning(path + ".provider.module", "control module '" + module + "' has no native stand-in in "
          + "Faultline; the control is ignored (Chaos Toolkit also only warns when a control cannot be imported)");
    }
    return spec;
  }

  private void readSafeguardProbes(ControlSpec spec, String path) {
    Object probes = spec.arguments().get("probes");
    if (!(probes instanceof List<?> list) || list.isEmpty()) {
      problems.error(path, "the safeguards control needs at least one probe in arguments.probes");
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      activities.readActivity(list.get(i), path + "[" + i + "]", ActivityReader.Kind.SAFEGUARD_PROBE);
    }
  }
}
