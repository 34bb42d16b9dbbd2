package dev.faultline.core.experiment;

/**
 * An entry of {@code method}, {@code rollbacks} or the hypothesis probes: either an activity
 * written out in full or a {@code {"ref": "name"}} to one declared elsewhere.
 */
public sealed interface Step permits Activity, ActivityRef {
  /** Where the step sits in the document, e.g. {@code method[2]}. */
  String path();
}
