package dev.faultline.server.response;

import dev.faultline.engine.load.DocumentLoader;
import dev.faultline.engine.validate.ResponseExpectations;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a run's experiment says about whom it concerns and what monitoring should do: the services
 * and teams from its Chaos Toolkit {@code tags} written {@code service:<name>} and
 * {@code team:<name>}, and its {@code expect} block.
 *
 * @param services the services the experiment targets
 * @param teams the teams that own them
 * @param expectations what monitoring should detect, and how fast
 */
public record RunProfile(Set<String> services, Set<String> teams, ResponseExpectations expectations) {
  public RunProfile {
    services = Set.copyOf(services);
    teams = Set.copyOf(teams);
  }

  static final RunProfile NONE = new RunProfile(Set.of(), Set.of(), ResponseExpectations.of(null));

  /** Reads the profile from a stored experiment source; an unreadable one concerns nobody. */
  public static RunProfile of(String source, String syntax) {
    if (source == null) {
      return NONE;
    }
    Object root;
    try {
      root = new DocumentLoader().parse("run.json", source,
          "yaml".equals(syntax) ? DocumentLoader.Syntax.YAML : DocumentLoader.Syntax.JSON).root();
    } catch (Exception e) {
      return NONE;
    }
    if (!(root instanceof Map<?, ?> m)) {
      return NONE;
    }
    Set<String> services = new LinkedHashSet<>();
    Set<String> teams = new LinkedHashSet<>();
    if (m.get("tags") instanceof List<?> tags) {
      for (Object t : tags) {
        if (t instanceof String s) {
          String v = s.strip();
          if (v.startsWith("service:") && v.length() > 8) {
            services.add(v.substring(8).strip());
          } else if (v.startsWith("team:") && v.length() > 5) {
            teams.add(v.substring(5).strip());
          }
        }
      }
    }
    return new RunProfile(services, teams, ResponseExpectations.of(m.get(ResponseExpectations.KEY)));
  }
}
