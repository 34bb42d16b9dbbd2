package dev.faultline.host.disk;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostFaultType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code host-disk}: fill a path's filesystem by size or up to a percent. */
public final class DiskFillFaultType extends HostFaultType {
  static final long MAX_MB = 64L * 1024 * 1024;

  public DiskFillFaultType() {
    this(HostContext.forThisHost());
  }

  public DiskFillFaultType(HostContext context) {
    super(context);
  }

  @Override
  public String name() {
    return "host-disk";
  }

  @Override
  public String summary() {
    return "Fills the filesystem of a directory with a file of real data, keeping a safety floor of free space.";
  }

  @Override
  public List<FaultParameter> parameters() {
    return List.of(
        new FaultParameter("path", "path", true, "a writable directory on the filesystem to fill"),
        new FaultParameter("mb", "integer", false, "MiB to write, 1 to " + MAX_MB + " (at most the free space)"),
        new FaultParameter("percent", "number", false, "or: fill until the filesystem is this percent used, 1 to 100"),
        new FaultParameter("floorMb", "integer", false, "free MiB that must remain, 0 to " + MAX_MB + " (default 5% of the filesystem)"),
        new FaultParameter("force", "boolean", false, "go past the safety floor (never past the free space); default false"));
  }

  @Override
  public Fault create(FaultArguments arguments) throws InvalidFaultArgumentsException {
    Path path = arguments.path("path");
    long mb = arguments.optionalInteger("mb", 1, MAX_MB, 0);
    double percent = arguments.optionalNumber("percent", 1, 100, 0);
    long floorMb = arguments.optionalInteger("floorMb", 0, MAX_MB, -1);
    boolean force = arguments.optionalBool("force", false);
    if ((mb == 0) == (percent == 0)) {
      arguments.problem("mb, percent: give exactly one of them (MiB to write, or percent used to fill up to)");
    }
    arguments.finish();
    Map<String, Object> given = new LinkedHashMap<>();
    given.put("path", path.toString());
    if (mb > 0) {
      given.put("mb", mb);
    } else {
      given.put("percent", percent);
    }
    if (floorMb >= 0) {
      given.put("floorMb", floorMb);
    }
    given.put("force", force);
    return new DiskFillFault(context(), given, path, mb, percent, floorMb, force);
  }
}
