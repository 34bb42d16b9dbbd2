package dev.faultline.host.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.host.ProcStat;
import dev.faultline.host.TestHost;
import dev.faultline.testkit.FaultContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IoFaultTest extends FaultContractTest {
  private final TestHost host = new TestHost();
  private final Path dir;
  private IoFault current;

  IoFaultTest() throws Exception {
    dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "io-");
  }

  @Override
  protected Fault newFault() throws Exception {
    current = (IoFault) new IoFaultType(host.context).create(new FaultArguments("host-io",
        Map.of("path", dir.toString(), "workers", 2, "fileMb", 16, "blockKb", 256)));
    return current;
  }

  @Override
  protected boolean faultIsInEffect() throws Exception {
    long before = ProcStat.ioBytes();
    Thread.sleep(300);
    return ProcStat.ioBytes() - before >= 4L * 1024 * 1024; // /proc/self/io rchar + wchar
  }

  @Test
  void theScratchFileIsGoneAfterRevert() throws Exception {
    Fault fault = newFault();
    fault.apply();
    assertThat(current.file()).exists();
    fault.recover();
    assertThat(current.file()).doesNotExist();
    assertThat(current.bytesMoved()).isGreaterThan(0);
  }
}
