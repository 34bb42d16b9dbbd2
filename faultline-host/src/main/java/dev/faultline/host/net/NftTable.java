package dev.faultline.host.net;

import dev.faultline.core.fault.FaultException;
import dev.faultline.host.process.CommandResult;
import dev.faultline.host.process.Commands;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Faultline's own nftables table, {@code inet faultline}. Each network attack adds its own base
 * chains to it in one atomic {@code nft -f} transaction and deletes them (flush + delete, again
 * atomic) when it ends. A revert never deletes the table: between looking at it and deleting it,
 * another attack may have added its chains, which would go too. An empty table filters nothing.
 * Nobody else's tables or rules are ever touched; {@link #deleteTable} removes everything at once
 * for a person cleaning up by hand.
 */
public final class NftTable {
  /** The table's family and name. */
  public static final String TABLE = "inet faultline";
  private static final Pattern CHAIN = Pattern.compile("(?m)^\\s*chain (\\S+) \\{");

  private NftTable() {}

  /** One base chain: its name, hook ({@code input} or {@code output}) and rules. */
  public record Chain(String name, String hook, List<String> rules) {}

  /** Adds {@code chains} atomically: all of them or none. */
  public static void addChains(NetworkNamespace ns, List<Chain> chains) throws FaultException {
    StringBuilder script = new StringBuilder("table " + TABLE + " {\n");
    for (Chain c : chains) {
      script.append("  chain ").append(c.name()).append(" {\n")
          .append("    type filter hook ").append(c.hook()).append(" priority -10; policy accept;\n");
      for (String rule : c.rules()) {
        script.append("    ").append(rule).append('\n');
      }
      script.append("  }\n");
    }
    script.append("}\n");
    CommandResult r = Commands.run(ns.wrap(List.of("nft", "-f", "-")), script.toString());
    if (!r.ok()) {
      throw new FaultException("nftables refused the rules" + ns.describe() + " (" + r.summary() + "); nothing was applied."
          + " Rules were:\n" + script);
    }
  }

  /**
   * Deletes these chains if present, atomically; chains already gone (another process reverting
   * the same attack, a halt) count as deleted. The table stays, with other attacks' chains in it.
   */
  public static void deleteChains(NetworkNamespace ns, List<String> chains) throws FaultException {
    if (!ns.exists()) {
      return; // the namespace is gone, and its rules with it
    }
    List<String> present = present(ns, chains);
    if (present.isEmpty()) {
      return;
    }
    StringBuilder script = new StringBuilder();
    for (String c : present) {
      script.append("flush chain ").append(TABLE).append(' ').append(c).append('\n')
          .append("delete chain ").append(TABLE).append(' ').append(c).append('\n');
    }
    CommandResult r = Commands.run(ns.wrap(List.of("nft", "-f", "-")), script.toString());
    if (!r.ok() && !present(ns, chains).isEmpty()) {
      throw new FaultException("could not delete Faultline's nftables chains " + chains + ns.describe() + ": " + r.summary());
    }
  }

  /** The names of the chains in the table now; empty when there is no table. */
  public static List<String> chainNames(NetworkNamespace ns) {
    String listing = list(ns);
    List<String> names = new ArrayList<>();
    if (listing != null) {
      Matcher m = CHAIN.matcher(listing);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  private static List<String> present(NetworkNamespace ns, List<String> chains) {
    List<String> now = chainNames(ns);
    return chains.stream().filter(now::contains).toList();
  }

  /** Deletes the whole table in one command; does nothing if it is absent. */
  public static void deleteTable(NetworkNamespace ns) throws FaultException {
    if (!ns.exists()) {
      return;
    }
    CommandResult r = Commands.run(ns.wrap(List.of("nft", "delete", "table", "inet", "faultline")), null);
    if (!r.ok() && exists(ns)) {
      throw new FaultException("could not delete nftables table " + TABLE + ns.describe() + ": " + r.summary());
    }
  }

  /** Whether the table exists. */
  public static boolean exists(NetworkNamespace ns) {
    return list(ns) != null;
  }

  /** The table's listing, or null when it does not exist. */
  public static String list(NetworkNamespace ns) {
    CommandResult r = Commands.run(ns.wrap(List.of("nft", "list", "table", "inet", "faultline")), null);
    return r.ok() ? r.stdout() : null;
  }
}
