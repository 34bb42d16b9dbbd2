package dev.faultline.server.response;

import java.util.Map;

/**
 * How inbound webhooks are authenticated and how long after a run's last revert its signals are
 * still matched to it. Read from the server's environment, as its database credentials are.
 *
 * @param webhookSecret the HMAC secret senders sign with ({@code FAULTLINE_WEBHOOK_SECRET}), or null
 * @param horizonMs how long after the last revert signals still count
 *     ({@code FAULTLINE_RESPONSE_HORIZON_SECONDS}, default 600)
 */
public record ResponseSettings(String webhookSecret, long horizonMs) {
  public static final long DEFAULT_HORIZON_MS = 600_000;

  /** From {@code FAULTLINE_WEBHOOK_SECRET} and {@code FAULTLINE_RESPONSE_HORIZON_SECONDS}. */
  public static ResponseSettings fromEnv(Map<String, String> env) {
    String secret = env.get("FAULTLINE_WEBHOOK_SECRET");
    String horizon = env.get("FAULTLINE_RESPONSE_HORIZON_SECONDS");
    long horizonMs = DEFAULT_HORIZON_MS;
    if (horizon != null && !horizon.isBlank()) {
      try {
        horizonMs = Math.max(0, Long.parseLong(horizon.strip())) * 1000;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("FAULTLINE_RESPONSE_HORIZON_SECONDS must be a whole number of seconds; got '"
            + horizon + "'");
      }
    }
    return new ResponseSettings(secret == null || secret.isBlank() ? null : secret, horizonMs);
  }
}
