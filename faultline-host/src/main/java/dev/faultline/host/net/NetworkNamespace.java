package dev.faultline.host.net;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a network attack applies: the host's own network stack ({@code name} empty) or a named
 * network namespace ({@code ip netns}), e.g. a container's. Commands are wrapped in
 * {@code ip netns exec} for the latter.
 */
public record NetworkNamespace(String name) {
  /** The host's network stack. */
  public static final NetworkNamespace HOST = new NetworkNamespace("");

  public NetworkNamespace {
    name = name == null ? "" : name;
  }

  public boolean isHost() {
    return name.isEmpty();
  }

  /** Whether {@code ip netns} knows this namespace (always true for the host). */
  public boolean exists() {
    return isHost() || Files.exists(Path.of("/run/netns", name));
  }

  /** {@code command} to run inside this namespace. */
  public List<String> wrap(List<String> command) {
    if (isHost()) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", name));
    wrapped.addAll(command);
    return wrapped;
  }

  /** {@code in network namespace x} or nothing for the host. */
  public String describe() {
    return isHost() ? "" : " in network namespace " + name;
  }
}
