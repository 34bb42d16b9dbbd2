package dev.faultline.host.process;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.core.time.DurationText;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostFaultType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code host-kill}: signal processes once or in a crash loop. */
public final class KillFaultType extends HostFaultType {
  public KillFaultType() {
    this(HostContext.forThisHost());
  }

  public KillFaultType(HostContext context) {
    super(context);
  }

  @Override
  public String name() {
    return "host-kill";
  }

  @Override
  public String summary() {
    return "Sends a signal (default SIGKILL) to matching processes, once or every interval (crash loop).";
  }

  @Override
  public boolean reversible() {
    return false;
  }

  @Override
  public List<FaultParameter> parameters() {
    List<FaultParameter> p = new ArrayList<>(SelectorArguments.parameters());
    p.add(new FaultParameter("signal", "string", false, "one of " + String.join(", ", Signals.NAMES) + " except SIGSTOP/SIGCONT (default SIGKILL)"));
    p.add(new FaultParameter("count", "integer", false, "how many matches to signal, 0 to 100000; 0 or 'all' = all (default 1)"));
    p.add(new FaultParameter("interval", "duration", false, "repeat every interval for the attack's length, 100ms to 1h (crash loop)"));
    return p;
  }

  /** The optional crash-loop interval, given as a duration string such as {@code 2s}. */
  private static Duration interval(FaultArguments arguments) {
    String text = arguments.optionalString("interval", null);
    if (text == null) {
      return null;
    }
    try {
      Duration d = DurationText.parse(text);
      if (d.compareTo(Duration.ofMillis(100)) < 0 || d.compareTo(Duration.ofHours(1)) > 0) {
        arguments.problem("interval: " + DurationText.format(d) + " is out of range; allowed 100ms to 1h");
        return null;
      }
      return d;
    } catch (IllegalArgumentException e) {
      arguments.problem("interval: " + e.getMessage());
      return null;
    }
  }

  @Override
  public Fault create(FaultArguments arguments) throws InvalidFaultArgumentsException {
    Map<String, Object> given = new LinkedHashMap<>();
    ProcessSelector selector = SelectorArguments.read(arguments, given);
    String signalText = arguments.optionalString("signal", "SIGKILL");
    long count = arguments.optionalInteger("count", 0, 100_000, 1);
    Duration interval = interval(arguments);
    String signal = signalText == null ? null : Signals.normalize(signalText);
    if (signalText != null && signal == null) {
      arguments.problem("signal: '" + signalText + "' is not a signal Faultline sends; allowed " + String.join(", ", Signals.NAMES));
    } else if ("SIGSTOP".equals(signal) || "SIGCONT".equals(signal)) {
      arguments.problem("signal: " + signal + " is for the pause attack, which always continues what it stopped; "
          + "allowed here: SIGKILL, SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGABRT, SIGSEGV, SIGUSR1, SIGUSR2");
    }
    arguments.finish();
    given.put("signal", signal);
    given.put("count", count);
    if (interval != null) {
      given.put("interval", DurationText.format(interval));
    }
    return new KillFault(context(), given, selector, signal, (int) count, Optional.ofNullable(interval));
  }
}
