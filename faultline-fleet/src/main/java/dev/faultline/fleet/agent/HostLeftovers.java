package dev.faultline.fleet.agent;

import java.util.function.Consumer;

/**
 * Reverts host attack records a dead process left (normally the guardian already did), when the
 * host attacks are installed; the fleet module does not need them to run.
 */
final class HostLeftovers {
  private HostLeftovers() {}

  /** Reverts leftovers; returns how many records were reverted, or -1 without the host attacks. */
  static int revert(Consumer<String> log) {
    try {
      var reverted = dev.faultline.host.attack.HostContext.forThisHost().recovery().revertLeftovers();
      for (var r : reverted) {
        log.accept("reverted leftover host attack " + r.record().kind() + " (" + r.record().target() + ")"
            + (r.clean() ? "" : ": " + r.error()));
      }
      return reverted.size();
    } catch (NoClassDefFoundError e) {
      return -1;
    }
  }
}
