package dev.faultline.engine.provider;

import dev.faultline.core.experiment.ProviderSpec;
import java.util.Map;

/**
 * One provider type of experiment files ({@code http}, {@code process}, {@code python},
 * {@code tcp}, {@code prometheus}, {@code fault}). One class per type, registered in
 * {@link ProviderRegistry}.
 */
public interface ActivityProvider {

  /** The {@code provider.type} this class runs. */
  String type();

  /**
   * Checks the provider object as written (before {@code ${name}} substitution) and reports every
   * problem. Must not change anything on any system.
   */
  void validate(ProviderSpec spec, ProviderValidation validation);

  /**
   * Runs the provider.
   *
   * @param properties the provider object after substitution, without {@code type}
   * @return the output recorded in the journal and checked against tolerances
   * @throws ActivityFailedException for what Chaos Toolkit counts as a failed activity
   * @throws InterruptedException when the run is interrupted; anything started must be stopped
   */
  Object run(Map<String, Object> properties, RunContext context) throws ActivityFailedException, InterruptedException;
}
