package dev.faultline.host.guard;

import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.RevertGuardian;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.process.ProcessInfo;
import dev.faultline.host.state.AttackRecord;
import dev.faultline.host.state.UndoStep;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The host module's {@link RevertGuardian} (found by {@link java.util.ServiceLoader}): a guarded
 * step becomes an attack record in the host's state directory, with this process's guardian
 * watching it, so {@code faultline attacks} lists it, {@code faultline halt} reverts it and the
 * guardian reverts it when this process dies.
 */
public final class HostRevertGuardian implements RevertGuardian {
  private final HostContext context;

  /** On this host's state directory. */
  public HostRevertGuardian() {
    this(HostContext.forThisHost());
  }

  public HostRevertGuardian(HostContext context) {
    this.context = context;
  }

  @Override
  public Guard guardRename(Path original, Path movedTo, String description) throws FaultException {
    String owner = context.guarded();
    byte[] b = new byte[4];
    ThreadLocalRandom.current().nextBytes(b);
    String id = HexFormat.of().formatHex(b);
    ProcessInfo self = ProcessInfo.self();
    AttackRecord record = new AttackRecord(id, "file-move", description,
        Map.of("path", original.toString(), "destination", movedTo.toString()), System.currentTimeMillis(), 0,
        self.pid(), self.startedAtMs(),
        List.of(new UndoStep.RenameBack(original.toAbsolutePath().toString(), movedTo.toAbsolutePath().toString())), owner);
    try {
      context.journal().write(record);
    } catch (UncheckedIOException e) {
      throw new FaultException(e.getMessage() + "; nothing was moved", e);
    }
    return () -> context.journal().remove(id);
  }
}
