package dev.faultline.core.experiment;

/**
 * Sleeps around an activity. Values are seconds (number) or a {@code ${name}} string substituted
 * at run time, so they are kept as written.
 *
 * @param before seconds to sleep before the activity, or null
 * @param after seconds to sleep after it (not counted in its duration), or null
 */
public record Pauses(Object before, Object after) {
  public static final Pauses NONE = new Pauses(null, null);
}
