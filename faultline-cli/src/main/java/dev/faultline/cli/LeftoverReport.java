package dev.faultline.cli;

import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostRecovery;
import java.io.PrintWriter;

/** Reverts attacks left over by a crashed Faultline process when a host verb starts, and says so. */
final class LeftoverReport {
  private LeftoverReport() {}

  static void revertAndReport(HostContext host, PrintWriter err) {
    for (HostRecovery.Reverted r : host.recovery().revertLeftovers()) {
      err.println("faultline: reverted a leftover " + r.record().kind() + " attack " + r.record().id() + " (" + r.record().target()
          + ") whose owner (process " + r.record().ownerPid() + " where it ran) is gone" + (r.clean() ? "" : "; problems: " + r.error()));
    }
    err.flush();
  }
}
