package dev.faultline.cli;

/**
 * A child JVM for {@link JvmCommandTest}: prints the result of {@link #beat()} (or the error it
 * threw) every 20 ms; exits when its standard input closes.
 */
public final class JvmCliTarget {
  private JvmCliTarget() {}

  public static String beat() {
    return "beat";
  }

  public static void main(String[] args) throws Exception {
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // wait for the parent to close our input
        }
      } catch (java.io.IOException ignored) {
        // closed
      }
      System.exit(0);
    });
    watchdog.setDaemon(true);
    watchdog.start();
    while (true) {
      String line;
      try {
        line = beat();
      } catch (RuntimeException e) {
        line = "error: " + e.getMessage();
      }
      System.out.println(line);
      System.out.flush();
      Thread.sleep(20);
    }
  }
}
