package dev.faultline.server.continuous;

import static dev.faultline.server.api.Times.iso;

import dev.faultline.server.api.ApiException;
import dev.faultline.server.api.Requests;
import dev.faultline.server.api.Route;
import dev.faultline.server.auth.Role;
import dev.faultline.server.continuous.calendar.Blackout;
import dev.faultline.server.continuous.schedule.CronSpec;
import dev.faultline.server.db.Ids;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code /api/v1/calendars}: blackout rules — weekends, outside business hours, holidays, freezes —
 * global or for one team, during which scheduled chaos does not start. A rule that overlaps another
 * of the same kind for the same scope is refused (409 naming the other one).
 */
public final class CalendarRoutes {
  private static final Set<String> KEYS = Set.of("kind", "team", "time_zone", "day", "start_hour", "end_hour",
      "start", "end", "reason");
  private final Continuous c;
  private final long maxBodyBytes;

  public CalendarRoutes(Continuous c, long maxBodyBytes) {
    this.c = c;
    this.maxBodyBytes = maxBodyBytes;
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/api/v1/calendars", Role.VIEWER, this::list),
        Route.post("/api/v1/calendars", Role.OPERATOR, "calendar.create", this::create),
        Route.delete("/api/v1/calendars/{id}", Role.ADMIN, "calendar.delete", this::delete));
  }

  private void list(Context ctx) {
    ctx.json(Map.of("calendars", c.calendar().rules().stream().map(CalendarRoutes::blackout).toList()));
  }

  private void create(Context ctx) {
    Map<String, Object> raw = Requests.jsonObject(ctx, maxBodyBytes);
    Requests.auditParameters(ctx, raw);
    Body b = new Body(raw, KEYS);
    String kindName = b.requiredString("kind", "one of weekends, outside_hours, holiday, freeze");
    Blackout.Kind kind = Blackout.Kind.parse(kindName).orElseThrow(() -> ApiException.badRequest("'kind' must be one "
        + "of weekends, outside_hours, holiday, freeze; got '" + kindName + "'"));
    String team = b.stringOr("team", null);
    String tz = b.string("time_zone") == null ? "UTC" : b.string("time_zone").strip();
    try {
      CronSpec.zone(tz);
    } catch (CronSpec.BadSpecException e) {
      throw new ApiException(400, "bad_time_zone", e.getMessage());
    }
    String reason = b.string("reason");
    String day = null;
    Integer sh = null;
    Integer eh = null;
    Long sm = null;
    Long em = null;
    switch (kind) {
      case WEEKENDS -> reason = reason == null ? "no chaos on weekends" : reason;
      case OUTSIDE_HOURS -> {
        sh = b.integer("start_hour");
        eh = b.integer("end_hour");
        if (sh == null || eh == null || sh < 0 || eh > 24 || sh >= eh) {
          throw ApiException.badRequest("outside_hours needs 'start_hour' and 'end_hour' with 0 <= start_hour < "
              + "end_hour <= 24 (the business hours chaos may run in); got " + sh + " and " + eh);
        }
        reason = reason == null ? "chaos only in business hours" : reason;
      }
      case HOLIDAY -> {
        day = b.requiredString("day", "the holiday's date, e.g. \"2026-12-25\"");
        try {
          LocalDate.parse(day);
        } catch (DateTimeParseException e) {
          throw ApiException.badRequest("'day' must be a date yyyy-mm-dd such as 2026-12-25; got '" + day + "'");
        }
        reason = b.requiredString("reason", "the holiday's name, e.g. \"Christmas\"");
      }
      case FREEZE -> {
        sm = b.instant("start");
        em = b.instant("end");
        if (sm == null || em == null || em <= sm) {
          throw ApiException.badRequest("freeze needs 'start' and 'end' (ISO-8601 instants, end after start)");
        }
        reason = b.requiredString("reason", "why chaos is frozen, e.g. \"Black Friday\"");
      }
    }
    Blackout candidate = new Blackout(Ids.next("blk"), team, kind, tz, day, sh, eh, sm, em, reason,
        c.settings().clock().millis(), Requests.actor(ctx).label());
    for (Blackout other : c.calendar().rules()) {
      if (overlaps(candidate, other)) {
        throw new ApiException(409, "overlapping_window", "this " + kind.wireName() + " rule overlaps blackout '"
            + other.id() + "' (" + other.describe() + ") for the same scope; change or delete that one instead",
            Map.of("overlaps", other.id()));
      }
    }
    c.calendarStore().insert(candidate);
    c.calendar().refresh();
    Requests.auditTarget(ctx, candidate.id());
    ctx.status(201).json(blackout(candidate));
  }

  /** Two rules for the same scope that say the same thing twice, or two freezes sharing time. */
  static boolean overlaps(Blackout a, Blackout b) {
    if (!Objects.equals(a.team(), b.team()) || a.kind() != b.kind()) {
      return false;
    }
    return switch (a.kind()) {
      case WEEKENDS, OUTSIDE_HOURS -> true;
      case HOLIDAY -> a.day().equals(b.day());
      case FREEZE -> a.startMs() < b.endMs() && b.startMs() < a.endMs();
    };
  }

  private void delete(Context ctx) {
    String id = ctx.pathParam("id");
    Requests.auditTarget(ctx, id);
    if (!c.calendarStore().delete(id)) {
      throw ApiException.notFound("blackout rule", id);
    }
    c.calendar().refresh();
    ctx.status(204);
  }

  static Map<String, Object> blackout(Blackout b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", b.id());
    m.put("team", b.team());
    m.put("scope", b.team() == null ? "global" : "team");
    m.put("kind", b.kind().wireName());
    m.put("time_zone", b.timeZone());
    m.put("day", b.day());
    m.put("start_hour", b.startHour());
    m.put("end_hour", b.endHour());
    m.put("start", iso(b.startMs()));
    m.put("end", iso(b.endMs()));
    m.put("reason", b.reason());
    m.put("description", b.describe());
    m.put("created_by", b.createdBy());
    return m;
  }
}
