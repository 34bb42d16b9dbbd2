package dev.faultline.server.continuous.monkey;

import dev.faultline.server.api.ApiException;
import dev.faultline.server.continuous.schedule.CronSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service's Chaos Monkey settings, with Netflix Chaos Monkey's names and defaults.
 *
 * @param meanTimeBetweenKillsInWorkDays each workday a kill happens with probability 1/this (default 2)
 * @param minTimeBetweenKillsInWorkDays never two kills closer than this many workdays (default 1)
 * @param startHour the kill window's first hour (default 9)
 * @param endHour the kill window's end hour, exclusive (default 15)
 * @param timeZone the zone the workdays and hours are read in (default UTC)
 * @param leashed record what it would kill without killing (default true, as Chaos Monkey's default config)
 * @param instances what "one random instance" picks from; the pick is the run's {@code instance} value
 * @param experiment the kill, an experiment document run with {@code ${instance}} set
 */
public record MonkeyConfig(boolean enabled, double meanTimeBetweenKillsInWorkDays, double minTimeBetweenKillsInWorkDays,
    int startHour, int endHour, String timeZone, boolean leashed, List<String> instances,
    Map<String, Object> experiment) {
  private static final Set<String> KEYS = Set.of("enabled", "meanTimeBetweenKillsInWorkDays",
      "minTimeBetweenKillsInWorkDays", "startHour", "endHour", "timeZone", "leashed", "instances", "experiment");

  public static MonkeyConfig defaults() {
    return new MonkeyConfig(true, 2, 1, 9, 15, "UTC", true, List.of(), null);
  }

  /** Reads the {@code monkey} object of a service; 400 naming the field when it is wrong. */
  @SuppressWarnings("unchecked")
  public static MonkeyConfig parse(Map<String, Object> m) {
    for (String key : m.keySet()) {
      if (!KEYS.contains(key)) {
        throw ApiException.badRequest("monkey: unknown field '" + key + "'; expected some of "
            + String.join(", ", KEYS.stream().sorted().toList()));
      }
    }
    MonkeyConfig d = defaults();
    double mean = number(m, "meanTimeBetweenKillsInWorkDays", d.meanTimeBetweenKillsInWorkDays());
    double min = number(m, "minTimeBetweenKillsInWorkDays", d.minTimeBetweenKillsInWorkDays());
    if (mean < 1) {
      throw ApiException.badRequest("monkey.meanTimeBetweenKillsInWorkDays must be at least 1 (a kill probability "
          + "of 1/mean per workday); got " + mean);
    }
    if (min < 0) {
      throw ApiException.badRequest("monkey.minTimeBetweenKillsInWorkDays must be 0 or more; got " + min);
    }
    int start = (int) number(m, "startHour", d.startHour());
    int end = (int) number(m, "endHour", d.endHour());
    if (start < 0 || end > 24 || start >= end) {
      throw ApiException.badRequest("monkey.startHour and endHour must satisfy 0 <= startHour < endHour <= 24; got "
          + start + " and " + end);
    }
    String zone = m.get("timeZone") == null ? d.timeZone() : String.valueOf(m.get("timeZone"));
    try {
      CronSpec.zone(zone);
    } catch (CronSpec.BadSpecException e) {
      throw ApiException.badRequest("monkey.timeZone names no known time zone: '" + zone
          + "'; expected an IANA zone id such as UTC or Europe/Berlin");
    }
    List<String> instances = new ArrayList<>();
    if (m.get("instances") != null) {
      if (!(m.get("instances") instanceof List<?> l) || !l.stream().allMatch(x -> x instanceof String)) {
        throw ApiException.badRequest("monkey.instances must be an array of strings");
      }
      instances.addAll((List<String>) m.get("instances"));
    }
    Object exp = m.get("experiment");
    if (exp != null && !(exp instanceof Map)) {
      throw ApiException.badRequest("monkey.experiment must be an experiment document (a JSON object)");
    }
    return new MonkeyConfig(bool(m, "enabled", true), mean, min, start, end, zone, bool(m, "leashed", true),
        List.copyOf(instances), exp == null ? null : (Map<String, Object>) exp);
  }

  /** As stored and shown. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", enabled);
    m.put("meanTimeBetweenKillsInWorkDays", meanTimeBetweenKillsInWorkDays);
    m.put("minTimeBetweenKillsInWorkDays", minTimeBetweenKillsInWorkDays);
    m.put("startHour", startHour);
    m.put("endHour", endHour);
    m.put("timeZone", timeZone);
    m.put("leashed", leashed);
    m.put("instances", instances);
    m.put("experiment", experiment);
    return m;
  }

  private static double number(Map<String, Object> m, String key, double dflt) {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof Number n)) {
      throw ApiException.badRequest("monkey." + key + " must be a number; got " + v);
    }
    return n.doubleValue();
  }

  private static boolean bool(Map<String, Object> m, String key, boolean dflt) {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof Boolean b)) {
      throw ApiException.badRequest("monkey." + key + " must be true or false; got " + v);
    }
    return b;
  }
}
