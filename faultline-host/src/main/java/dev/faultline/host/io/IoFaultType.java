package dev.faultline.host.io;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostFaultType;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code host-io}: read/write workers on a path. */
public final class IoFaultType extends HostFaultType {
  public IoFaultType() {
    this(HostContext.forThisHost());
  }

  public IoFaultType(HostContext context) {
    super(context);
  }

  @Override
  public String name() {
    return "host-io";
  }

  @Override
  public String summary() {
    return "Keeps the disk under a directory busy with read/write workers on a scratch file.";
  }

  @Override
  public List<FaultParameter> parameters() {
    return List.of(
        new FaultParameter("path", "path", true, "a writable directory on the disk to load"),
        new FaultParameter("workers", "integer", false, "worker threads, 1 to 64 (default 2)"),
        new FaultParameter("blockKb", "integer", false, "block size in KiB, 4 to 16384, a multiple of 4 (default 1024)"),
        new FaultParameter("mode", "string", false, "read, write or mixed (default mixed)"),
        new FaultParameter("fileMb", "integer", false, "scratch file size in MiB, 1 to 65536 (default 256)"));
  }

  @Override
  public Fault create(FaultArguments arguments) throws InvalidFaultArgumentsException {
    Path path = arguments.path("path");
    long workers = arguments.optionalInteger("workers", 1, 64, 2);
    long blockKb = arguments.optionalInteger("blockKb", 4, 16384, 1024);
    String mode = arguments.optionalString("mode", "mixed");
    long fileMb = arguments.optionalInteger("fileMb", 1, 65536, 256);
    IoFault.Mode m = null;
    try {
      m = IoFault.Mode.valueOf(String.valueOf(mode).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      arguments.problem("mode: '" + mode + "' is not a mode; allowed read, write, mixed");
    }
    if (blockKb % 4 != 0) {
      arguments.problem("blockKb: " + blockKb + " is not a multiple of 4 (direct IO needs whole pages); allowed 4 to 16384");
    }
    arguments.finish();
    return new IoFault(context(), Map.of("path", path.toString(), "workers", workers, "blockKb", blockKb,
        "mode", mode, "fileMb", fileMb), path, (int) workers, (int) blockKb, m, fileMb);
  }
}
