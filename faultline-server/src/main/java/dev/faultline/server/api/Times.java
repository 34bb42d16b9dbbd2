package dev.faultline.server.api;

import java.time.Instant;

/** Times in API answers: ISO-8601 UTC instants, null stays null. */
public final class Times {
  private Times() {}

  /** {@code epochMs} as an ISO-8601 UTC instant; null stays null. */
  public static String iso(Long epochMs) {
    return epochMs == null ? null : Instant.ofEpochMilli(epochMs).toString();
  }
}
