package dev.faultline.server.signal;

import dev.faultline.server.api.ApiException;
import dev.faultline.server.auth.Role;
import dev.faultline.server.auth.TokenStore;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may post a webhook: a sender that signs the raw body with the configured secret
 * ({@code X-PagerDuty-Signature} or {@code X-Faultline-Signature}: {@code v1=<hex HMAC-SHA256>},
 * several comma-separated values allowed for secret rotation), or a bearer token of this server
 * with at least the operator role (Alertmanager's {@code http_config.authorization}).
 */
public final class WebhookAuth {
  /** PagerDuty's own signature header (v3 webhooks). */
  public static final String PAGERDUTY_HEADER = "X-PagerDuty-Signature";
  /** The same scheme for Alertmanager proxies and generic senders. */
  public static final String FAULTLINE_HEADER = "X-Faultline-Signature";
  private final byte[] secret;
  private final TokenStore tokens;

  /** {@code secret} may be null: then only bearer tokens are accepted. */
  public WebhookAuth(String secret, TokenStore tokens) {
    this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
    this.tokens = tokens;
  }

  /**
   * Checks a delivery; returns who sent it ({@code signature} or the token's label) or throws a
   * 401/403 naming the problem.
   */
  public String authenticate(String signatureHeader, String authorization, byte[] rawBody) {
    if (signatureHeader != null) {
      return verifySignature(signatureHeader, rawBody);
    }
    if (authorization != null && !authorization.isBlank()) {
      return verifyToken(authorization);
    }
    throw new ApiException(401, "unsigned", "a webhook must be signed (" + PAGERDUTY_HEADER + " or " + FAULTLINE_HEADER
        + ": v1=<hex HMAC-SHA256 of the raw body with the server's webhook secret>) or carry "
        + "'Authorization: Bearer <token>' of an operator token");
  }

  private String verifySignature(String header, byte[] body) {
    if (secret == null) {
      throw new ApiException(401, "no_webhook_secret", "the delivery is signed but this server has no webhook secret "
          + "configured (set FAULTLINE_WEBHOOK_SECRET when starting it), so the signature cannot be checked; "
          + "or send a bearer token instead");
    }
    byte[] expected = hmac(secret, body);
    boolean wellFormed = false;
    for (String part : header.split(",", 16)) {
      String v = part.strip();
      if (!v.startsWith("v1=")) {
        continue;
      }
      byte[] given;
      try {
        given = HexFormat.of().parseHex(v.substring(3));
      } catch (IllegalArgumentException e) {
        continue;
      }
      wellFormed = true;
      if (MessageDigest.isEqual(expected, given)) {
        return "signature";
      }
    }
    if (!wellFormed) {
      throw new ApiException(401, "bad_signature", "the signature header must be 'v1=<hex HMAC-SHA256>' (several "
          + "comma-separated for rotation); no v1 value with hex digits was found");
    }
    throw new ApiException(401, "forged_signature", "the signature does not match the body under this server's "
        + "webhook secret (a different secret, or the body was changed on the way); nothing was stored");
  }

  private String verifyToken(String header) {
    if (header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new ApiException(401, "bad_authorization", "the Authorization header must be 'Bearer <token>'");
    }
    TokenStore.Lookup found = tokens.lookup(header.substring(7).strip());
    if (found instanceof TokenStore.Valid v) {
      if (!v.actor().role().allows(Role.OPERATOR)) {
        throw new ApiException(403, "forbidden", "posting a webhook needs the operator role; token '"
            + v.actor().tokenId() + "' (" + v.actor().name() + ") has " + v.actor().role().wireName());
      }
      return v.actor().label();
    }
    if (found instanceof TokenStore.Revoked rv) {
      throw new ApiException(401, "revoked_token", "the bearer token '" + rv.id() + "' was revoked");
    }
    throw new ApiException(401, "unknown_token", "the bearer token is not known to this server");
  }

  /** {@code v1=<hex>} of {@code body} under {@code secret}: what a sender puts in the signature header. */
  public static String sign(String secret, byte[] body) {
    return "v1=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
  }

  private static byte[] hmac(byte[] key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
