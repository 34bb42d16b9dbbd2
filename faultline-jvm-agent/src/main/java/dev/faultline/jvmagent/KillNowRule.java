package dev.faultline.jvmagent;

/**
 * A kill rule without a method: the JVM exits (or halts) shortly after the rule is acknowledged,
 * so the client still receives the rule id.
 */
final class KillNowRule extends Rule {
  private static final long GRACE_MS = 200;
  private final Thread killer;

  KillNowRule(int id, RuleRequest request) {
    super(id, request);
    killer = new Thread(() -> {
      try {
        Thread.sleep(GRACE_MS);
      } catch (InterruptedException e) {
        return; // cleared within the grace period
      }
      if (request.halt) {
        Runtime.getRuntime().halt(request.exitCode);
      }
      System.exit(request.exitCode);
    }, "faultline-agent-kill");
    killer.setDaemon(true);
    killer.start();
  }

  @Override
  String target() {
    return "jvm";
  }

  @Override
  String effect() {
    return (request.halt ? "halt" : "exit") + " with code " + request.exitCode + " now";
  }

  @Override
  long hits() {
    return 1;
  }

  @Override
  void stopEffect() {
    killer.interrupt();
  }

  @Override
  void revert() {
    killer.interrupt();
  }
}
