package dev.faultline.host.attack;

import dev.faultline.host.guard.Guardian;
import java.util.List;

/** The guardian processes started by a test's child process. */
final class Guardians {
  private Guardians() {}

  static List<ProcessHandle> of(Process owner) {
    return owner.descendants()
        .filter(h -> h.info().arguments().map(a -> List.of(a).contains(Guardian.class.getName())).orElse(false))
        .toList();
  }
}
