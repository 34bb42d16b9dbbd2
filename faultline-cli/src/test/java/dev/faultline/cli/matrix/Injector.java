package dev.faultline.cli.matrix;

/** Who holds a fault's state, which decides what "restart the injector" means for it. */
enum Injector {
  /** The fault proxy: a ProxyServer started with a config file, restarted in place. */
  PROXY,
  /** The agent inside the target JVM. */
  JVM,
  /**
   * Host attacks and file-move: undo records in the state directory, held by a guardian;
   * {@code faultline agent} recovers them on start.
   */
  HOST
}
