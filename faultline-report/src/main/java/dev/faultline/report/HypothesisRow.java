package dev.faultline.report;

/**
 * One probe of the steady-state hypothesis, before and after the method.
 *
 * @param probeName the probe's name
 * @param toleranceText the tolerance, in words (e.g. {@code range [5, 100] on body})
 * @param beforeValue the value seen before the method, abbreviated; {@code null} when not run
 * @param beforeMet whether the value was within tolerance; {@code null} when not run or unknown
 * @param afterValue the value seen after the method, abbreviated; {@code null} when not run
 * @param afterMet whether the value was within tolerance; {@code null} when not run or unknown
 */
public record HypothesisRow(String probeName, String toleranceText, String beforeValue,
    Boolean beforeMet, String afterValue, Boolean afterMet) {}
