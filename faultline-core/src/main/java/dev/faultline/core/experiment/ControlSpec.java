package dev.faultline.core.experiment;

import java.util.Map;

/**
 * A Chaos Toolkit control: code called around the experiment, hypothesis, method, rollbacks and
 * activities. Faultline runs the controls it has native stand-ins for and warns about the rest.
 *
 * @param name the control's name
 * @param provider its provider ({@code python} with a module in Chaos Toolkit files)
 * @param scope {@code before}, {@code after} or null for both
 * @param automatic whether a top-level control also wraps every level below
 * @param path where it sits in the document
 */
public record ControlSpec(String name, ProviderSpec provider, String scope, boolean automatic, String path) {
  /** The provider's {@code module}, or null when it has none. */
  public String module() {
    Object m = provider.get("module");
    return m instanceof String s ? s : null;
  }

  /** The provider's {@code arguments} object, or an empty map. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> arguments() {
    Object a = provider.get("arguments");
    return a instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
