package dev.faultline.engine.tolerance;

/**
 * The outcome of checking a probe's value against its tolerance.
 *
 * @param met whether the value is within the tolerance
 * @param explanation a short sentence for reports and logs, e.g. {@code status 503 is not in
 *     [200, 201]}
 */
public record ToleranceCheck(boolean met, String explanation) {}
