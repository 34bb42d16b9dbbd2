package dev.faultline.server.continuous;

import dev.faultline.engine.load.DocumentLoader;
import dev.faultline.engine.validate.Overrides;
import dev.faultline.server.Json;
import dev.faultline.server.api.ApiException;
import dev.faultline.server.api.ExperimentDocuments;
import dev.faultline.server.api.Requests;
import dev.faultline.server.continuous.monkey.MonkeyConfig;
import dev.faultline.server.continuous.schedule.Launcher;
import dev.faultline.server.continuous.services.ServiceStore.Service;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST} and {@code PUT /api/v1/services}: a service read field by field, its
 * health check validated as an experiment probe and its Chaos Monkey settings checked against its level.
 */
final class ServiceBody {
  static final Set<String> KEYS = Set.of("name", "team", "level", "health_check", "tags", "monkey", "opted_in");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
  private final ExperimentDocuments documents;
  private final Clock clock;

  ServiceBody(ExperimentDocuments documents, Clock clock) {
    this.documents = documents;
    this.clock = clock;
  }

  /** The new service's name; 400 unless it is one a path can carry. */
  static String name(Body b) {
    String name = b.requiredString("name", "the service's name, e.g. \"checkout\"");
    if (!NAME.matcher(name).matches()) {
      throw ApiException.badRequest("'name' must be 1-100 characters of a-z, 0-9, '.', '_', '-', starting with a "
          + "letter or digit; got '" + name + "'");
    }
    return name;
  }

  /**
   * The service {@code b} describes: a new one when {@code old} is null (every field but tags and
   * monkey required), else {@code old} with the fields {@code b} has replaced.
   */
  Service read(Body b, String name, Service old, String actor) {
    String team = b.has("team") || old == null ? b.requiredString("team", "the owning team, e.g. \"payments\"")
        : old.team();
    Integer level = b.integer("level");
    if (level == null && old == null) {
      throw ApiException.badRequest("'level' is required: 0 (kill processes/instances), 1 (+ network faults), 2 (+ "
          + "resources and clock) or 3 (+ zone/region loss)");
    }
    int lvl = level == null ? old.level() : level;
    if (lvl < Levels.MIN || lvl > Levels.MAX) {
      throw ApiException.badRequest("'level' must be 0, 1, 2 or 3; got " + lvl);
    }
    String health;
    if (b.has("health_check") || old == null) {
      Map<String, Object> probe = b.object("health_check");
      if (probe == null) {
        throw ApiException.badRequest("'health_check' is required: an experiment probe with a tolerance, e.g. "
            + "{\"type\": \"probe\", \"name\": \"up\", \"tolerance\": 200, \"provider\": {\"type\": \"http\", "
            + "\"url\": \"http://checkout:8080/health\"}}");
      }
      health = validateHealthCheck(name, probe);
    } else {
      health = old.healthCheck();
    }
    Map<String, String> tags = old == null ? Map.of() : old.tags();
    if (b.has("tags")) {
      Map<String, Object> t = b.object("tags");
      Map<String, String> copy = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : t.entrySet()) {
        if (!(e.getValue() instanceof String v)) {
          throw ApiException.badRequest("'tags." + e.getKey() + "' must be a string; found "
              + Requests.describe(e.getValue()));
        }
        copy.put(e.getKey(), v);
      }
      tags = copy;
    }
    String monkey = old == null ? null : old.monkey();
    if (b.has("monkey")) {
      MonkeyConfig config = MonkeyConfig.parse(b.object("monkey"));
      if (config.experiment() != null) {
        List<String> violations = Launcher.levelViolations(config.experiment(), lvl);
        if (!violations.isEmpty()) {
          throw ServiceRoutes.levelError(name, lvl, violations);
        }
      }
      monkey = Json.write(config.toMap());
    }
    long now = clock.millis();
    boolean optedIn = b.bool("opted_in", true);
    return new Service(name, team, lvl, health, tags, old == null ? optedIn : old.optedIn(),
        old == null ? (optedIn ? null : "created opted out") : old.optReason(), old == null ? actor : old.optOwner(),
        old == null ? now : old.optedMs(), old == null ? null : old.warnedMs(), monkey,
        old == null ? now : old.createdMs(), old == null ? actor : old.createdBy(), now);
  }

  /** The health check as stored (its name defaulted); 400 {@code bad_health_check} with the validator's problems. */
  private String validateHealthCheck(String name, Map<String, Object> probe) {
    if (!"probe".equals(probe.get("type"))) {
      throw ApiException.badRequest("'health_check.type' must be \"probe\"; found " + probe.get("type"));
    }
    if (!probe.containsKey("tolerance")) {
      throw ApiException.badRequest("'health_check' needs a 'tolerance' (what a healthy answer is, e.g. 200)");
    }
    Map<String, Object> p = new LinkedHashMap<>(probe);
    p.putIfAbsent("name", "health");
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("title", "health check of " + name);
    doc.put("description", "validates the health check");
    doc.put("steady-state-hypothesis", Map.of("title", "healthy", "probes", List.of(p)));
    Map<String, Object> m = new LinkedHashMap<>(p);
    m.remove("tolerance");
    doc.put("method", List.of(m));
    try {
      documents.validate("health_check.json", Json.write(doc), DocumentLoader.Syntax.JSON, Overrides.NONE);
    } catch (ApiException e) {
      throw new ApiException(400, "bad_health_check", "'health_check' is not a valid probe: " + e.getMessage(),
          Map.of("problems", e.body().getOrDefault("problems", List.of())));
    }
    return Json.write(p);
  }
}
