package dev.faultline.cli.matrix;

/** Who holds a fault's state, which decides what "restart the injector" means for it. */
enum Injector {
  /** The fault proxy: a ProxyServer started with a config file, restarted in place. */
  PROXY,
  /** The agent inside the target JVM. */
  JVM,
  /** The run process itself (file-move). */
  RUN,
  /** Host attacks: records in the state directory; {@code faultline agent} recovers them on start. */
  HOST
}
