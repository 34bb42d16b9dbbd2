package dev.faultline.host;

import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.cpu.CpuFaultType;
import dev.faultline.host.disk.DiskFillFaultType;
import dev.faultline.host.io.IoFaultType;
import dev.faultline.host.memory.MemoryFaultType;
import dev.faultline.host.net.BandwidthFaultType;
import dev.faultline.host.net.BlackholeFaultType;
import dev.faultline.host.net.DnsFaultType;
import dev.faultline.host.net.LatencyFaultType;
import dev.faultline.host.net.LossFaultType;
import dev.faultline.host.net.PartitionFaultType;
import dev.faultline.host.process.ForkBombFaultType;
import dev.faultline.host.process.KillFaultType;
import dev.faultline.host.process.PauseFaultType;
import dev.faultline.host.state.AttackJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A host context on a fresh temp state directory, and the registry of every host fault type on it. */
public final class TestHost {
  public final Path stateDir;
  public final HostContext context;

  public TestHost() {
    try {
      Files.createDirectories(Path.of("target"));
      this.stateDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "state-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.context = new HostContext(new AttackJournal(stateDir));
  }

  public AttackJournal journal() {
    return context.journal();
  }

  public FaultRegistry registry() {
    return new FaultRegistry(List.of(new CpuFaultType(context), new MemoryFaultType(context),
        new DiskFillFaultType(context), new IoFaultType(context), new KillFaultType(context),
        new PauseFaultType(context), new ForkBombFaultType(context), new BlackholeFaultType(context),
        new LossFaultType(context), new BandwidthFaultType(context), new DnsFaultType(context),
        new PartitionFaultType(context), new LatencyFaultType(context)));
  }
}
