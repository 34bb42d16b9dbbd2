package dev.faultline.report;

/**
 * One numeric probe value over time.
 *
 * @param series the probe's name; one chart per series
 * @param offsetMs when the value was read, in milliseconds since the run started
 * @param value the number read from the probe's output
 * @param met whether it was within tolerance; {@code null} when unknown or not checked
 */
public record ProbePoint(String series, double offsetMs, double value, Boolean met) {}
