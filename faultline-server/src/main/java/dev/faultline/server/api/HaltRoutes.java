package dev.faultline.server.api;

import dev.faultline.server.auth.Role;
import dev.faultline.server.db.HaltStore.HaltState;
import dev.faultline.server.run.HaltSwitch.HaltOutcome;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/halt}: halt all chaos (operator), resume (admin), see who halted, when and why. */
final class HaltRoutes {
  /** How long a halt request waits for the runs it stops to end (their faults reverted). */
  static final long HALT_WAIT_MS = 10_000;
  private final Services s;

  HaltRoutes(Services s) {
    this.s = s;
  }

  List<Route> routes() {
    return List.of(
        Route.get("/api/v1/halt", Role.VIEWER, ctx -> ctx.json(state(s.halt().state()))),
        Route.post("/api/v1/halt", Role.OPERATOR, "halt.set", this::halt),
        Route.delete("/api/v1/halt", Role.ADMIN, "halt.clear", this::resume));
  }

  private void halt(Context ctx) throws InterruptedException {
    Map<String, Object> body = Requests.jsonObject(ctx, s.maxBodyBytes());
    String reason = Requests.optionalString(body, "reason");
    if (reason == null || reason.isBlank()) {
      throw ApiException.badRequest("'reason' is required: say why chaos is halted (e.g. {\"reason\": \"incident 42\"})");
    }
    if (reason.length() > 1000) {
      throw ApiException.badRequest("'reason' is " + reason.length() + " characters; at most 1000");
    }
    Requests.auditParameters(ctx, Map.of("reason", reason));
    Requests.auditTarget(ctx, "halt");
    HaltOutcome outcome = s.halt().halt(reason, Requests.actor(ctx).label(), HALT_WAIT_MS);
    Map<String, Object> m = state(outcome.state());
    m.put("changed", outcome.changed());
    m.put("aborted_runs", outcome.abortedRuns());
    m.put("still_stopping", outcome.stillRunning());
    ctx.json(m);
  }

  private void resume(Context ctx) {
    TeamScope.requireUnscoped(ctx, "resuming after a halt");
    Requests.auditTarget(ctx, "halt");
    boolean changed = s.halt().resume();
    Map<String, Object> m = state(s.halt().state());
    m.put("changed", changed);
    ctx.json(m);
  }

  static Map<String, Object> state(HaltState h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("halted", h.halted());
    m.put("reason", h.reason());
    m.put("by", h.actor());
    m.put("since", Times.iso(h.sinceMs()));
    return m;
  }
}
