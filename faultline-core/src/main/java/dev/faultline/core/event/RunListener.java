package dev.faultline.core.event;

/** Receives run events as they happen (progress display, server, tests). Must not block. */
@FunctionalInterface
public interface RunListener {
  void onEvent(RunEvent event);
}
