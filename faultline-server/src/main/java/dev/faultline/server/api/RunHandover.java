package dev.faultline.server.api;

import dev.faultline.server.run.RunManager;

/** How a replica rebuilds a run another replica accepted, the way the submit route built it there. */
public final class RunHandover {
  private RunHandover() {}

  public static RunManager.Rebuilder rebuilder(ExperimentDocuments documents) {
    return claimed -> RunRoutes.rebuild(documents, claimed);
  }
}
