package dev.faultline.report;

/**
 * What a run showed, in one sentence.
 *
 * @param outcome the kind of outcome, for colouring and for programs
 * @param text the sentence shown to people, e.g. "Steady state held" or "Run failed: …"
 * @param firstError the first error found in the run (an activity's exception, a safeguard, an
 *     interruption), or {@code null} when there is none
 */
public record Verdict(Outcome outcome, String text, String firstError) {

  /** The kinds of outcome, from best to worst. */
  public enum Outcome {
    /** Completed, not deviated, and a hypothesis was met. */
    HELD,
    /** Completed and not deviated, but no hypothesis was evaluated. */
    NOT_VERIFIED,
    /** The steady state was not met before the method, so the method did not run. */
    NOT_MET_BEFORE,
    /** The steady state did not hold after the method. */
    DEVIATED,
    /** A signal, control or safeguard stopped the run. */
    INTERRUPTED,
    /** A hypothesis probe raised, or fail-fast stopped the run. */
    FAILED,
    /** Something unforeseen stopped the run. */
    ABORTED
  }
}
