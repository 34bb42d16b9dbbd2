package dev.faultline.server.fleet;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultParameter;
import dev.faultline.core.fault.FaultType;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real, observable fault for in-process fleet tests: apply creates the file {@code path},
 * recover deletes it. (The host attacks are tested with real agent processes in faultline-cli.)
 */
public final class MarkerFaultType implements FaultType {
  public static final String NAME = "test-marker";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String summary() {
    return "creates a file while applied";
  }

  @Override
  public boolean reversible() {
    return true;
  }

  @Override
  public List<FaultParameter> parameters() {
    return List.of(new FaultParameter("path", "string", true, "the file to create"));
  }

  @Override
  public Fault create(FaultArguments arguments) throws InvalidFaultArgumentsException {
    String p = arguments.string("path");
    arguments.finish();
    Path path = Path.of(p);
    return new Fault() {
      @Override
      public void apply() throws FaultException {
        try {
          Files.writeString(path, "applied");
        } catch (IOException e) {
          throw new FaultException("cannot create " + path + ": " + e.getMessage());
        }
      }

      @Override
      public void recover() throws FaultException {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new FaultException("cannot delete " + path + ": " + e.getMessage());
        }
      }

      @Override
      public String describe() {
        return "marker " + path;
      }
    };
  }
}
