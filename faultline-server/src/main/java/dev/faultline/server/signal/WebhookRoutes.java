package dev.faultline.server.signal;

import dev.faultline.server.api.ApiException;
import dev.faultline.server.api.Requests;
import dev.faultline.server.api.Route;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/webhooks/{alertmanager,pagerduty,generic}}: inbound alerts and incidents.
 * Authenticated by signature or token ({@link WebhookAuth}), not by the route table's role (a
 * PagerDuty subscription cannot send a bearer token). A delivery is stored and its new signals
 * published on the bus only when it is authentic and well-formed; otherwise a 4xx names the
 * problem and nothing is stored.
 */
public final class WebhookRoutes {
  private final SignalStore store;
  private final SignalBus bus;
  private final WebhookAuth auth;
  private final long maxBodyBytes;

  public WebhookRoutes(SignalStore store, SignalBus bus, WebhookAuth auth, long maxBodyBytes) {
    this.store = store;
    this.bus = bus;
    this.auth = auth;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** A parser of one source's payload. */
  private interface Parser {
    List<InboundSignal> parse(Map<String, Object> body, Instant receivedAt);
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/webhooks/alertmanager", null, "webhook.alertmanager",
            ctx -> receive(ctx, "alertmanager", WebhookParsers::alertmanager)),
        Route.post("/api/v1/webhooks/pagerduty", null, "webhook.pagerduty",
            ctx -> receive(ctx, "pagerduty", WebhookParsers::pagerduty)),
        Route.post("/api/v1/webhooks/generic", null, "webhook.generic",
            ctx -> receive(ctx, "generic", WebhookParsers::generic)));
  }

  private void receive(Context ctx, String source, Parser parser) {
    Instant receivedAt = Instant.now();
    // The signature is over the raw bytes: read them as sent, not re-encoded text.
    byte[] raw = rawBody(ctx);
    String text = new String(raw, StandardCharsets.UTF_8);
    String signature = ctx.header(WebhookAuth.PAGERDUTY_HEADER);
    if (signature == null) {
      signature = ctx.header(WebhookAuth.FAULTLINE_HEADER);
    }
    String who = auth.authenticate(signature, ctx.header("Authorization"), raw);
    Map<String, Object> body = Requests.parseJsonObject(text, "the webhook's JSON object");
    List<InboundSignal> signals;
    try {
      signals = parser.parse(body, receivedAt);
    } catch (WebhookPayloadException e) {
      throw new ApiException(422, "bad_payload", "not a valid " + source + " webhook: " + e.getMessage());
    }
    SignalStore.Stored stored;
    try {
      stored = store.store(source, who, text, signals, receivedAt);
    } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException raced) {
      // Two identical deliveries at once: the other committed the signal between our check and insert
      // (the unique constraint refused ours). Once more, it is seen as the duplicate it is.
      stored = store.store(source, who, text, signals, receivedAt);
    }
    Requests.auditTarget(ctx, "webhook " + stored.webhookId());
    Requests.auditParameters(ctx, Map.of("source", source, "signals", signals.size(), "by", who));
    List<RuntimeException> failures = new java.util.ArrayList<>();
    for (InboundSignal s : stored.fresh()) {
      failures.addAll(bus.deliver(s));
    }
    if (!failures.isEmpty()) {
      // A 202 would make the sender drop the delivery, and a redelivery of stored signals is a duplicate
      // nobody hears: forget them and answer 503 so Alertmanager/PagerDuty retry (both retry on 5xx).
      store.forgetSignals(stored.webhookId());
      RuntimeException first = failures.get(0);
      throw new ApiException(503, "not_processed", "the " + source + " delivery was received but could not be "
          + "acted on (" + first.getClass().getSimpleName() + (first.getMessage() == null ? "" : ": "
          + first.getMessage()) + "); its signals were not kept, so a retry of the same delivery is processed anew");
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("webhook_id", stored.webhookId());
    answer.put("signals", signals.size());
    answer.put("new", stored.fresh().size());
    answer.put("duplicates", stored.duplicates());
    ctx.status(202).json(answer);
  }

  private byte[] rawBody(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (java.io.InputStream in = ctx.req().getInputStream()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        if (out.size() > maxBodyBytes) {
          throw tooLarge();
        }
      }
    } catch (java.io.IOException e) {
      throw new ApiException(400, "bad_request", "the request body could not be read: " + e.getMessage());
    }
    return out.toByteArray();
  }

  private ApiException tooLarge() {
    return new ApiException(413, "body_too_large", "the request body exceeds the limit of " + maxBodyBytes + " bytes");
  }
}
