package dev.faultline.cli;

import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.core.time.DurationText;
import dev.faultline.host.agent.AgentClient;
import dev.faultline.host.agent.AgentException;
import dev.faultline.host.attack.AttackRunner;
import dev.faultline.host.attack.CommandLineParameters;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostFaultType;
import dev.faultline.host.attack.RunningAttack;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import sun.misc.Signal;

/**
 * {@code faultline attack <kind> [parameters] --length D [--detach]}: one host attack with live
 * progress, reverted at the end of its length, on Ctrl-C, SIGTERM, {@code faultline halt} or error.
 * {@code kill} is one signal and takes {@code --length} only with {@code --interval} (a crash loop).
 */
@Command(name = "attack", mixinStandardHelpOptions = true,
    description = {"Run one host attack for a length, then revert it (see docs/host-attacks.md).",
        "Kinds: cpu, memory, disk, io, kill, pause, forkbomb, blackhole, loss, bandwidth, dns, partition, latency.",
        "Parameters are the fault's, as flags: faultline attack cpu --cores 2 --percent 50 --length 30s"})
final class AttackCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "KIND", description = "cpu, memory, disk, io, kill, pause, forkbomb, blackhole, "
      + "loss, bandwidth, dns, partition, latency")
  String kind;

  @Option(names = "--length", paramLabel = "D", description = {"How long: 500ms, 30s, 2m, 1h or PT30S. Required, except for "
      + "kill, which takes it only with --interval:",
      "  faultline attack kill (--pid PID | --name NAME | --match REGEX) [--signal SIG] [--interval D --length D]"})
  String length;

  @Option(names = "--detach", description = "Hand the attack to the local agent (faultline agent) and return at once.")
  boolean detach;

  @Unmatched
  List<String> parameters = new ArrayList<>();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    HostContext host = HostContext.forThisHost();
    LeftoverReport.revertAndReport(host, err);
    AttackRunner runner = new AttackRunner(FaultRegistry.installed());
    Duration duration;
    HostFaultType type;
    Map<String, Object> values;
    try {
      runner.type(kind); // an unknown kind is the first thing to say
    } catch (IllegalArgumentException e) {
      err.println("faultline attack: " + e.getMessage());
      return Main.USAGE_ERROR;
    }
    boolean singleKill = "kill".equals(kind) && !hasInterval();
    String lengthProblem = lengthProblem(singleKill);
    if (lengthProblem != null) {
      err.println("faultline attack " + kind + ": " + lengthProblem);
      err.println("usage: faultline attack " + ("kill".equals(kind)
          ? "kill (--pid PID | --name NAME | --match REGEX) [--signal SIG] [--interval D --length D]"
          : kind + " [parameters] --length D [--detach]"));
      return Main.USAGE_ERROR;
    }
    if (singleKill) {
      length = DurationText.format(AttackRunner.MIN_LENGTH); // one signal, then done: nothing lasts
    }
    try {
      duration = DurationText.parse(length);
      type = runner.type(kind);
      values = CommandLineParameters.parse(type, parameters);
    } catch (IllegalArgumentException e) {
      err.println("faultline attack: " + (e.getMessage().startsWith("'" + length + "'") ? "--length: " : "") + e.getMessage());
      return Main.USAGE_ERROR;
    }
    if (detach) {
      return detach(values, out, err);
    }
    // Installed before the attack starts: Ctrl-C during a slow apply (a disk fill, an allocation)
    // must stop it and revert what was done so far. Stopping is idempotent.
    StopTarget applying = new StopTarget(err);
    Thread hook = new Thread(() -> applying.stop("JVM shutdown"), "faultline-attack-revert");
    Runtime.getRuntime().addShutdownHook(hook);
    Signal.handle(new Signal("INT"), s -> new Thread(() -> applying.stop("received SIGINT")).start());
    Signal.handle(new Signal("TERM"), s -> new Thread(() -> applying.stop("received SIGTERM")).start());
    RunningAttack attack;
    try {
      attack = runner.start(kind, values, duration, applying);
    } catch (InvalidFaultArgumentsException e) {
      removeHook(hook);
      err.println("faultline attack " + kind + ": invalid parameters; nothing was applied:");
      e.problems().forEach(p -> err.println("  --" + CommandLineParameters.kebab(p.split(":", 2)[0].split(",")[0]) + " → " + p));
      return Main.USAGE_ERROR;
    } catch (FaultException e) {
      removeHook(hook);
      err.println("faultline attack " + kind + ": " + e.getMessage());
      return 1;
    }
    if (singleKill) {
      out.println("attack kill " + attack.id() + ": sent " + attack.target());
      out.flush();
      try {
        attack.stop("done");
      } catch (FaultException e) {
        err.println("faultline attack kill: " + e.getMessage());
      }
      removeHook(hook);
      return 0;
    }
    out.println("attack " + kind + " " + attack.id() + ": " + attack.target() + " for " + DurationText.format(duration)
        + " (Ctrl-C or 'faultline halt' reverts it now)");
    out.flush();
    String reason = awaitEnd(attack, out);
    out.println((System.console() != null ? "\r" : "") + "attack " + kind + " " + attack.id() + " reverted: " + reason
        + " after " + DurationText.format(Duration.between(attack.startedAt(), Instant.now())));
    out.flush();
    removeHook(hook);
    return reason.startsWith("failed") ? 1 : 0;
  }

  private boolean hasInterval() {
    return parameters.stream().anyMatch(p -> p.equals("--interval") || p.startsWith("--interval="));
  }

  /** What is wrong with the presence of --length for this kind, or null. */
  private String lengthProblem(boolean singleKill) {
    if ("kill".equals(kind)) {
      if (singleKill && length != null) {
        return "--length applies only with --interval (a crash loop); a single kill is one signal and takes no length";
      }
      if (!singleKill && length == null) {
        return "--interval needs --length: how long the crash loop goes on, e.g. --interval 2s --length 1m";
      }
      return null;
    }
    return length == null ? "--length is required: how long the attack lasts, e.g. --length 30s" : null;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is already reverting
    }
  }

  private String awaitEnd(RunningAttack attack, PrintWriter out) throws InterruptedException {
    boolean terminal = System.console() != null;
    long tick = 0;
    while (true) {
      try {
        return attack.ended().get(1, TimeUnit.SECONDS);
      } catch (TimeoutException stillRunning) {
        tick++;
        long elapsed = Duration.between(attack.startedAt(), Instant.now()).toSeconds();
        long left = Math.max(0, Duration.between(Instant.now(), attack.endsAt()).toSeconds());
        String line = "  " + kind + " in effect: " + elapsed + "s elapsed, " + left + "s left";
        if (terminal) {
          out.print("\r" + line + "   ");
          out.flush();
        } else if (tick % 5 == 0) {
          out.println(line);
          out.flush();
        }
      } catch (java.util.concurrent.ExecutionException e) {
        return "failed: " + e.getCause().getMessage();
      }
    }
  }

  /**
   * The attack a signal or the shutdown hook stops. A stop that comes before the attack exists is
   * kept and passed on as soon as it does, so the attack then refuses to take effect.
   */
  private static final class StopTarget implements Consumer<RunningAttack> {
    private final PrintWriter err;
    private RunningAttack attack;
    private String pendingReason;

    StopTarget(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void accept(RunningAttack created) {
      String reason;
      synchronized (this) {
        attack = created;
        reason = pendingReason;
      }
      if (reason != null) {
        stop(reason);
      }
    }

    void stop(String reason) {
      RunningAttack target;
      synchronized (this) {
        target = attack;
        if (target == null) {
          pendingReason = reason;
          return;
        }
      }
      try {
        target.stop(reason);
      } catch (FaultException e) {
        err.println("faultline attack: revert reported: " + e.getMessage());
        err.flush();
      }
    }
  }

  private int detach(Map<String, Object> values, PrintWriter out, PrintWriter err) {
    try {
      Map<String, Object> answer = AgentClient.connect(HostContext.forThisHost().journal().stateDirectory())
          .startAttack(kind, values, length);
      out.println("attack " + kind + " " + answer.get("id") + " handed to the agent: " + answer.get("target") + ", ends at "
          + Instant.ofEpochMilli(((Number) answer.get("endsAtMs")).longValue()) + " ('faultline attacks' lists it, "
          + "'faultline halt' reverts it)");
      return 0;
    } catch (AgentException e) {
      err.println("faultline attack --detach: " + e.getMessage());
      return 1;
    }
  }
}
