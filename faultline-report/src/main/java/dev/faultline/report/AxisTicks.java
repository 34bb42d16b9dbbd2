package dev.faultline.report;

import java.util.ArrayList;
import java.util.List;

/** Round tick positions (1, 2 or 5 times a power of ten) for a time axis in seconds. */
final class AxisTicks {
  private static final int TARGET_TICKS = 8;

  private AxisTicks() {}

  /** Ticks from 0 to at least {@code spanSeconds}, about eight of them. */
  static List<Double> seconds(double spanSeconds) {
    double step = step(spanSeconds);
    List<Double> ticks = new ArrayList<>();
    // the bound keeps a pathological span from producing an endless list
    for (int i = 0; i <= TARGET_TICKS * 3 && i * step <= spanSeconds * (1 + 1e-9); i++) {
      ticks.add(i * step);
    }
    return ticks;
  }

  static double step(double spanSeconds) {
    if (!(spanSeconds > 0) || Double.isInfinite(spanSeconds)) {
      return 1;
    }
    double raw = spanSeconds / TARGET_TICKS;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double factor : new double[] {1, 2, 5, 10}) {
      if (factor * magnitude >= raw) {
        return factor * magnitude;
      }
    }
    return 10 * magnitude;
  }
}
