package dev.faultline.host.process;

import java.io.PrintStream;

/**
 * A body for {@code scheduleWithFixedDelay} that survives its own failures. An exception escaping
 * a scheduled body silently cancels every later run, so one bad moment (a process vanishing while
 * {@code /proc} is read, a failed {@code kill}) would end a crash loop that should last the whole
 * attack. Instead, the failure is reported on stderr and the next run happens as scheduled.
 */
final class SurvivingTask implements Runnable {
  private final String what;
  private final Runnable body;
  private final PrintStream log;

  /** @param what for the report, e.g. {@code the crash loop of attack 0a0b0c0d} */
  SurvivingTask(String what, Runnable body, PrintStream log) {
    this.what = what;
    this.body = body;
    this.log = log;
  }

  SurvivingTask(String what, Runnable body) {
    this(what, body, System.err);
  }

  @Override
  public void run() {
    try {
      body.run();
    } catch (RuntimeException e) {
      log.println("faultline: " + what + " failed this time and goes on: " + e);
      log.flush();
    }
  }
}
