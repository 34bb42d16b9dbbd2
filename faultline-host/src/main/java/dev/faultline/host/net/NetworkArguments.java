package dev.faultline.host.net;

import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import java.util.Map;

/** Reads the parameters network attacks share. */
final class NetworkArguments {
  private NetworkArguments() {}

  static FaultParameter netnsParameter() {
    return new FaultParameter("netns", "string", false,
        "apply inside this named network namespace (ip netns list), e.g. a container's; default: the host's");
  }

  static NetworkNamespace netns(FaultArguments arguments, Map<String, Object> given) {
    String name = arguments.optionalString("netns", null);
    if (name == null) {
      return NetworkNamespace.HOST;
    }
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      arguments.problem("netns: '" + name + "' is not a namespace name; allowed letters, digits, '.', '_' and '-'");
      return NetworkNamespace.HOST;
    }
    given.put("netns", name);
    return new NetworkNamespace(name);
  }

  /** An optional host list; null when absent. */
  static HostSet hosts(FaultArguments arguments, String name, Map<String, Object> given) {
    String text = arguments.optionalString(name, null);
    if (text == null) {
      return null;
    }
    given.put(name, text);
    try {
      return HostSet.parse(text);
    } catch (IllegalArgumentException e) {
      arguments.problem(name + ": " + e.getMessage());
      return HostSet.ANY;
    }
  }

  /** An interface name. */
  static String device(FaultArguments arguments, Map<String, Object> given) {
    String device = arguments.string("device");
    if (device != null && !device.matches("[A-Za-z0-9_.@:-]{1,15}")) {
      arguments.problem("device: '" + device + "' is not an interface name (1 to 15 letters, digits, '.', '_', '-')");
    }
    given.put("device", device);
    return device;
  }
}
