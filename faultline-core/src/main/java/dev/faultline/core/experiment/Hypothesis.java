package dev.faultline.core.experiment;

import java.util.List;

/**
 * The steady-state hypothesis: probes whose values must be within tolerance before and after the
 * method. An empty probe list means "just exploring".
 *
 * @param title what the steady state is, in words
 * @param probes the probes, run in order; evaluation stops at the first failure
 * @param controls hypothesis-level controls
 */
public record Hypothesis(String title, List<Step> probes, List<ControlSpec> controls) {
  public Hypothesis {
    probes = List.copyOf(probes);
    controls = List.copyOf(controls);
  }
}
