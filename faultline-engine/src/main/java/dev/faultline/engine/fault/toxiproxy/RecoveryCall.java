package dev.faultline.engine.fault.toxiproxy;

/**
 * Runs an API call that undoes a fault even when the thread has been interrupted: recovery runs
 * on the thread that was told to stop (Ctrl-C, an abort), and giving up there would leave the
 * toxic in place. The interrupt is kept and set again afterwards; each request still ends within
 * the client's request timeout.
 */
final class RecoveryCall {
  private static final int ATTEMPTS = 3;

  /** One API call that may be interrupted. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws ToxiproxyException, InterruptedException;
  }

  private RecoveryCall() {}

  static <T> T run(Call<T> call) throws ToxiproxyException {
    boolean interrupted = Thread.interrupted();
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          return call.run();
        } catch (InterruptedException e) {
          interrupted = true;
          if (attempt == ATTEMPTS) {
            throw new ToxiproxyException("interrupted " + ATTEMPTS + " times while undoing the fault; gave up", 0, e);
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
