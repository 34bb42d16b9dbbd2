package dev.faultline.core.experiment;

import java.util.Map;

/**
 * What an activity calls, as written: a provider type ({@code http}, {@code process},
 * {@code python}, {@code tcp}, {@code prometheus}, {@code fault}, …) and its properties.
 *
 * <p>Properties stay as the document's value tree (maps, lists, strings, numbers, booleans, null)
 * because Chaos Toolkit substitutes {@code ${name}} into them at run time; each provider
 * implementation turns them into its own typed record after substitution.
 *
 * @param type the provider type
 * @param properties every key of the provider object except {@code type}
 */
public record ProviderSpec(String type, Map<String, Object> properties) {
  public ProviderSpec {
    properties = Values.unmodifiableMap(properties);
  }

  /** The property {@code key}, or null. */
  public Object get(String key) {
    return properties.get(key);
  }
}
