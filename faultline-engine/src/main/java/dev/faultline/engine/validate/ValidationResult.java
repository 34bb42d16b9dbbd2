package dev.faultline.engine.validate;

import dev.faultline.core.experiment.Experiment;
import dev.faultline.core.problem.Problem;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of validating a document: the experiment when there is no error, and every problem.
 *
 * @param experiment present when the document has no error
 * @param problems every error and warning, in document order
 */
public record ValidationResult(Optional<Experiment> experiment, List<Problem> problems) {
  public boolean valid() {
    return experiment.isPresent();
  }

  public List<Problem> errors() {
    return problems.stream().filter(Problem::isError).toList();
  }

  public List<Problem> warnings() {
    return problems.stream().filter(p -> !p.isError()).toList();
  }
}
