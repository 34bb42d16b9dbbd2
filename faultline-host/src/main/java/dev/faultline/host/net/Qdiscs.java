package dev.faultline.host.net;

import dev.faultline.core.fault.FaultException;
import dev.faultline.host.process.CommandResult;
import dev.faultline.host.process.Commands;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Root queueing disciplines ({@code tc}) installed by Faultline. An attack only replaces a root
 * qdisc the kernel chose by default and marks its own with a handle in {@code fa00:}..{@code faff:}
 * derived from its attack id ({@link #handleFor}). Removal deletes only a root qdisc that still
 * carries the attack's own handle, so neither someone else's traffic control nor another
 * Faultline attack's qdisc is ever lost.
 */
public final class Qdiscs {
  /** Faultline's handles; includes {@code fa17:}, which older versions gave every qdisc. */
  private static final Pattern OUR_HANDLE = Pattern.compile("fa[0-9a-f]{2}:");
  private static final Set<String> KERNEL_DEFAULTS = Set.of("noqueue", "pfifo_fast", "fq_codel", "mq", "fq", "noop");
  private static final Pattern ROOT = Pattern.compile("qdisc (\\S+) (\\S+) root");

  private Qdiscs() {}

  /** Whether the device exists in the namespace. */
  public static boolean deviceExists(NetworkNamespace ns, String device) {
    return Commands.run(ns.wrap(List.of("ip", "link", "show", "dev", device)), null).ok();
  }

  /** The names of the devices in the namespace, for error messages. */
  public static List<String> devices(NetworkNamespace ns) {
    CommandResult r = Commands.run(ns.wrap(List.of("ip", "-o", "link", "show")), null);
    List<String> names = new ArrayList<>();
    for (String line : r.stdout().split("\n")) {
      String[] parts = line.split(": ");
      if (parts.length > 1) {
        names.add(parts[1].split("@")[0]);
      }
    }
    return names;
  }

  /** The handle of the qdisc of attack {@code attackId} (hex), e.g. {@code fa3c:}. */
  public static String handleFor(String attackId) {
    return "fa" + attackId.substring(0, 2).toLowerCase(java.util.Locale.ROOT) + ":";
  }

  /**
   * Refuses (before anything is recorded) when the device's root qdisc is already Faultline's or
   * one someone configured.
   */
  public static void checkReplaceable(NetworkNamespace ns, String device) throws FaultException {
    String[] root = root(ns, device);
    if (root != null && isFaultlineHandle(root[1])) {
      throw new FaultException("device " + device + ns.describe() + " already has a Faultline qdisc (" + root[0]
          + "); end that attack first (faultline halt). Nothing was applied.");
    }
    if (root != null && !KERNEL_DEFAULTS.contains(root[0])) {
      throw new FaultException("device " + device + ns.describe() + " has a '" + root[0] + "' root qdisc that someone "
          + "configured; Faultline does not replace other people's traffic control. Nothing was applied.");
    }
  }

  /**
   * Installs {@code qdisc} (e.g. {@code tbf rate 8mbit ...}) with {@code handle} as the device's
   * root, if the root is a default (checked again: another attack may have come in since the plan).
   */
  public static void install(NetworkNamespace ns, String device, String handle, List<String> qdisc)
      throws FaultException {
    checkReplaceable(ns, device);
    List<String> cmd = new ArrayList<>(List.of("tc", "qdisc", "replace", "dev", device, "root", "handle", handle));
    cmd.addAll(qdisc);
    CommandResult r = Commands.run(ns.wrap(cmd), null);
    if (!r.ok()) {
      throw new FaultException("tc could not install the qdisc on " + device + ns.describe() + ": " + r.summary()
          + ". Nothing was applied.");
    }
  }

  /**
   * Removes the device's root qdisc if it still carries {@code handle} (the attack's own); the
   * kernel restores its default. Another attack's qdisc, or anyone else's, is left alone.
   */
  public static void removeOurs(NetworkNamespace ns, String device, String handle) throws FaultException {
    if (!ns.exists()) {
      return;
    }
    String[] root = root(ns, device);
    if (root == null || !handle.equals(root[1])) {
      return;
    }
    CommandResult r = Commands.run(ns.wrap(List.of("tc", "qdisc", "del", "dev", device, "root", "handle", handle)), null);
    if (!r.ok() && handle.equals(rootHandle(ns, device))) {
      throw new FaultException("could not remove Faultline's qdisc from " + device + ns.describe() + ": " + r.summary());
    }
  }

  /** Whether the device's root qdisc is one Faultline installed (any attack's). */
  public static boolean isOurs(NetworkNamespace ns, String device) {
    String handle = rootHandle(ns, device);
    return handle != null && isFaultlineHandle(handle);
  }

  /** The handle of the device's root qdisc (e.g. {@code fa3c:}), or null if none is shown. */
  public static String rootHandle(NetworkNamespace ns, String device) {
    String[] root = root(ns, device);
    return root == null ? null : root[1];
  }

  private static boolean isFaultlineHandle(String handle) {
    return OUR_HANDLE.matcher(handle).matches();
  }

  /** {kind, handle} of the root qdisc, or null if none is shown. */
  private static String[] root(NetworkNamespace ns, String device) {
    CommandResult r = Commands.run(ns.wrap(List.of("tc", "qdisc", "show", "dev", device, "root")), null);
    Matcher m = ROOT.matcher(r.stdout());
    return m.find() ? new String[] {m.group(1), m.group(2)} : null;
  }
}
