package dev.faultline.engine.validate;

import dev.faultline.core.time.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The experiment's {@code expect} block (a Faultline extension; Chaos Toolkit ignores it): which
 * alerts monitoring should fire and how soon after the fault, and how soon someone should be paged.
 *
 * <pre>{@code
 * "expect": {"alerts": [{"name": "HighLatency", "within": "2m"}], "page": {"within": "5m"}}
 * }</pre>
 *
 * @param alerts the alerts expected to fire, each within its time of the fault's injection
 * @param pageWithin how soon after the injection someone should be notified, or null
 */
public record ResponseExpectations(List<ExpectedAlert> alerts, Duration pageWithin) {
  /** The top-level key. */
  public static final String KEY = "expect";

  public ResponseExpectations {
    alerts = List.copyOf(alerts);
  }

  /** One expected alert: its name (Alertmanager's {@code alertname}) and how soon it should fire. */
  public record ExpectedAlert(String name, Duration within) {}

  /** Whether anything is expected at all. */
  public boolean isEmpty() {
    return alerts.isEmpty() && pageWithin == null;
  }

  /** Checks {@code expect} and reports every problem at its file:line:column. */
  static void validate(Object raw, Problems problems) {
    if (raw != null) {
      read(raw, problems::error);
    }
  }

  /** Reads an {@code expect} value, ignoring what is malformed (it was refused at validation). */
  public static ResponseExpectations of(Object raw) {
    return raw == null ? new ResponseExpectations(List.of(), null) : read(raw, (path, message) -> {});
  }

  private static ResponseExpectations read(Object raw, BiConsumer<String, String> error) {
    List<ExpectedAlert> alerts = new ArrayList<>();
    Duration page = null;
    if (!(raw instanceof Map<?, ?> m)) {
      error.accept(KEY, "'expect' must be an object such as {\"alerts\": [{\"name\": \"HighLatency\", \"within\": "
          + "\"2m\"}], \"page\": {\"within\": \"5m\"}}; found " + Problems.typeOf(raw));
      return new ResponseExpectations(alerts, null);
    }
    for (Object key : m.keySet()) {
      if (!"alerts".equals(key) && !"page".equals(key)) {
        error.accept(KEY + "." + key, "unknown key '" + key + "' in 'expect'; expected alerts or page");
      }
    }
    Object rawAlerts = m.get("alerts");
    if (rawAlerts != null && !(rawAlerts instanceof List)) {
      error.accept(KEY + ".alerts", "'expect.alerts' must be a list of {\"name\": …, \"within\": …}; found "
          + Problems.typeOf(rawAlerts));
    } else if (rawAlerts != null) {
      List<?> list = (List<?>) rawAlerts;
      for (int i = 0; i < list.size(); i++) {
        String path = KEY + ".alerts[" + i + "]";
        if (!(list.get(i) instanceof Map<?, ?> a)) {
          error.accept(path, "an expected alert must be an object {\"name\": \"HighLatency\", \"within\": \"2m\"}; "
              + "found " + Problems.typeOf(list.get(i)));
          continue;
        }
        Object name = a.get("name");
        if (!(name instanceof String n) || n.isBlank()) {
          error.accept(a.containsKey("name") ? path + ".name" : path, "an expected alert needs a 'name' (the alert's "
              + "alertname, e.g. HighLatency)");
          continue;
        }
        Duration within = within(a, path, error);
        if (within != null) {
          alerts.add(new ExpectedAlert(n, within));
        }
      }
    }
    Object rawPage = m.get("page");
    if (rawPage != null) {
      if (!(rawPage instanceof Map<?, ?> p)) {
        error.accept(KEY + ".page", "'expect.page' must be an object {\"within\": \"5m\"}; found "
            + Problems.typeOf(rawPage));
      } else {
        page = within(p, KEY + ".page", error);
      }
    }
    return new ResponseExpectations(alerts, page);
  }

  private static Duration within(Map<?, ?> m, String path, BiConsumer<String, String> error) {
    Object w = m.get("within");
    if (!(w instanceof String) && !(w instanceof Number)) {
      error.accept(m.containsKey("within") ? path + ".within" : path, "'within' must be a duration such as \"90s\", "
          + "\"2m\" or \"1h\"; found " + (w == null ? "nothing" : Problems.typeOf(w)));
      return null;
    }
    try {
      Duration d = DurationText.parse(String.valueOf(w));
      if (d.isZero()) {
        error.accept(path + ".within", "'within' must be more than zero; got '" + w + "'");
        return null;
      }
      return d;
    } catch (IllegalArgumentException e) {
      error.accept(path + ".within", e.getMessage());
      return null;
    }
  }
}
