package dev.faultline.server.api;

import java.time.Instant;

/** Times in API answers: ISO-8601 UTC instants, null stays null. */
final class Times {
  private Times() {}

  static String iso(Long epochMs) {
    return epochMs == null ? null : Instant.ofEpochMilli(epochMs).toString();
  }
}
