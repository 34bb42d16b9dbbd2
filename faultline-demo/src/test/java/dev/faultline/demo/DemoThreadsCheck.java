package dev.faultline.demo;

import java.util.Set;
import java.util.stream.Collectors;

/** What threads are alive, for leak checks. */
final class DemoThreadsCheck {

  private DemoThreadsCheck() {}

  static Set<Thread> alive() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
  }

  /** Alive threads the demo named, daemon or not. */
  static Set<String> demoThreads() {
    return alive().stream()
        .map(Thread::getName)
        .filter(name -> name.startsWith(DemoThreads.NAME_PREFIX))
        .collect(Collectors.toSet());
  }

  /** Alive non-daemon threads that were not in {@code before}. */
  static Set<String> newNonDaemonThreads(Set<Thread> before) {
    return alive().stream()
        .filter(thread -> !thread.isDaemon() && !before.contains(thread))
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }
}
