package dev.faultline.cli.matrix;

/** The ways a run can end or be disturbed; the columns of the revert matrix. */
enum FailureMode {
  DURATION("duration ends"),
  RUN_END("run ends"),
  ABORT("run aborts (safeguard)"),
  SIGINT("SIGINT"),
  SIGTERM("SIGTERM"),
  SIGKILL("SIGKILL"),
  RESTART("injector restart");

  final String title;

  FailureMode(String title) {
    this.title = title;
  }
}
