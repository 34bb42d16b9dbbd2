package dev.faultline.engine.target;

import dev.faultline.core.target.FaultTarget;
import dev.faultline.core.target.Target;
import dev.faultline.core.target.TargetSelection;
import dev.faultline.core.target.TargetSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The safety nets on a targeted fault, on unless the activity says {@code "unsafe": true}: an
 * empty selection, more than {@value FaultTarget#MAX_SHARE_PERCENT} % of the agents carrying the
 * target's tag set, the control plane's own host. Each refusal says which net, how many agents,
 * and what to change.
 */
final class SafetyNets {
  private static final String UNSAFE = "or set \"unsafe\": true on the activity";

  private SafetyNets() {}

  /** Every net the selection trips, one sentence each; empty when it may go ahead. */
  static List<String> check(TargetSelector selector, TargetSelection selection, Set<String> serverHost) {
    List<String> refusals = new ArrayList<>();
    int chosen = selection.chosen().size();
    if (chosen == 0) {
      refusals.add("refused by the empty-selection safety net: the target selects no agent (" + selection.candidates()
          + " connected, " + selection.carryingTags() + " carrying " + tags(selector) + ", " + selection.matching()
          + " matching" + (selector.ids().isEmpty() ? "" : " the names")
          + (selection.excluded().isEmpty() ? "" : ", of which " + selection.excluded().size() + " left out of the "
          + "draw as the Faultline server's own host") + "); check the tags and names against "
          + "'faultline agents', " + UNSAFE + " to let an empty selection pass");
      return refusals;
    }
    if (selection.sharePercent() > FaultTarget.MAX_SHARE_PERCENT) {
      refusals.add(String.format(Locale.ROOT, "refused by the blast-radius safety net: the target selects %d of the "
          + "%d agents carrying %s (%.0f %%), more than %d %%; lower count or percent (at most %d agents), narrow "
          + "the tags, %s", chosen, selection.carryingTags(), tags(selector), selection.sharePercent(),
          FaultTarget.MAX_SHARE_PERCENT, selection.carryingTags() * FaultTarget.MAX_SHARE_PERCENT / 100, UNSAFE));
    }
    List<String> onServer = selection.chosen().stream().map(Target::id).filter(serverHost::contains).toList();
    if (!onServer.isEmpty()) {
      refusals.add("refused by the server-host safety net: agent" + (onServer.size() == 1 ? " " : "s ")
          + onServer.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", "))
          + (onServer.size() == 1 ? " runs" : " run") + " on the Faultline server's own host; leave "
          + (onServer.size() == 1 ? "it" : "them") + " out with names or tags, draw with count or percent (a random "
          + "draw skips the server's host), " + UNSAFE);
    }
    return refusals;
  }

  private static String tags(TargetSelector selector) {
    if (selector.tags().isEmpty()) {
      return "any tags (the whole fleet)";
    }
    return selector.tags().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",", "tags {", "}"));
  }
}
