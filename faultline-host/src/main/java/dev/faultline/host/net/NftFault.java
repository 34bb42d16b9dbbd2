package dev.faultline.host.net;

import dev.faultline.core.fault.FaultException;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostFault;
import dev.faultline.host.state.UndoStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A network attack made of nftables rules in Faultline's own table: the attack's input and output
 * chains are recorded, then added in one atomic transaction, and deleted on revert.
 */
public abstract class NftFault extends HostFault {
  private final NetworkNamespace netns;
  private final NetworkPrivileges privileges;

  protected NftFault(HostContext context, String kind, Map<String, Object> parameters, NetworkNamespace netns,
      NetworkPrivileges privileges) {
    super(context, kind, parameters);
    this.netns = netns;
    this.privileges = privileges;
  }

  /** Rules for packets leaving this host (hook output); may be empty. */
  protected abstract List<String> outputRules();

  /** Rules for packets arriving at this host (hook input); may be empty. */
  protected abstract List<String> inputRules();

  @Override
  protected final List<UndoStep> plan() throws FaultException {
    privileges.require("the " + kindWord() + " attack", "nft", "nftables");
    if (!netns.exists()) {
      throw new FaultException("netns: there is no network namespace named '" + netns.name() + "' (see ip netns list). "
          + "Nothing was applied.");
    }
    return List.of(new UndoStep.DeleteNftChains(netns.name(), chainNames()));
  }

  @Override
  protected final void takeEffect() throws FaultException {
    List<NftTable.Chain> chains = new ArrayList<>();
    if (!inputRules().isEmpty()) {
      chains.add(new NftTable.Chain(inChain(), "input", inputRules()));
    }
    if (!outputRules().isEmpty()) {
      chains.add(new NftTable.Chain(outChain(), "output", outputRules()));
    }
    NftTable.addChains(netns, chains);
  }

  /** The namespace the rules live in. */
  public final NetworkNamespace netns() {
    return netns;
  }

  private List<String> chainNames() {
    List<String> names = new ArrayList<>();
    if (!inputRules().isEmpty()) {
      names.add(inChain());
    }
    if (!outputRules().isEmpty()) {
      names.add(outChain());
    }
    return names;
  }

  private String inChain() {
    return "fl_" + id() + "_in";
  }

  private String outChain() {
    return "fl_" + id() + "_out";
  }

  private String kindWord() {
    return getClass().getSimpleName().replace("Fault", "").toLowerCase(java.util.Locale.ROOT);
  }

  /** {@code host + port} rules for one direction. */
  protected static List<String> rules(HostSet hosts, String addressField, String l4, String portMatch, String verdict) {
    List<String> rules = new ArrayList<>();
    for (String address : hosts.matches(addressField)) {
      rules.add((address + l4 + portMatch + verdict).replaceAll(" +", " ").strip());
    }
    return rules;
  }
}
