package dev.faultline.host.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultException;
import dev.faultline.host.TestHost;
import dev.faultline.testkit.FaultContractTest;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DiskFillFaultTest extends FaultContractTest {
  private static final long MB = 1024 * 1024;
  private final TestHost host = new TestHost();
  private final Tmpfs tmpfs;

  DiskFillFaultTest() throws Exception {
    tmpfs = new Tmpfs(64, false);
  }

  @AfterEach
  void unmount() throws Exception {
    tmpfs.close();
  }

  private Fault fill(Map<String, Object> parameters) throws Exception {
    return new DiskFillFaultType(host.context).create(new FaultArguments("host-disk", parameters));
  }

  @Override
  protected Fault newFault() throws Exception {
    return fill(Map.of("path", tmpfs.dir.toString(), "mb", 32));
  }

  @Override
  protected boolean faultIsInEffect() throws Exception {
    return Files.getFileStore(tmpfs.dir).getUsableSpace() <= 32 * MB; // 64 MB tmpfs, 32 MB filled
  }

  @Test
  void fillsByPercentAsMeasuredByStatvfs() throws Exception {
    Fault fault = fill(Map.of("path", tmpfs.dir.toString(), "percent", 75));
    fault.apply();
    try {
      var store = Files.getFileStore(tmpfs.dir);
      double used = 100.0 * (store.getTotalSpace() - store.getUsableSpace()) / store.getTotalSpace();
      assertThat(used).as("percent used (statvfs)").isBetween(74.0, 76.5);
    } finally {
      fault.recover();
    }
    try (var files = Files.list(tmpfs.dir)) {
      assertThat(files).as("files left after revert").isEmpty();
    }
  }

  @Test
  void aFillLargerThanTheFreeSpaceIsRefused() throws Exception {
    Fault fault = fill(Map.of("path", tmpfs.dir.toString(), "mb", 100));
    assertThatThrownBy(fault::apply).isInstanceOf(FaultException.class)
        .hasMessage("mb: 100 MB is more than the free space on " + tmpfs.dir + " (64 MB); allowed 1 to 64 MB. Nothing was applied.");
    assertThat(host.journal().list()).isEmpty();
    try (var files = Files.list(tmpfs.dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void theSafetyFloorHoldsUnlessForced() throws Exception {
    Fault fault = fill(Map.of("path", tmpfs.dir.toString(), "mb", 62, "floorMb", 8));
    assertThatThrownBy(fault::apply).isInstanceOf(FaultException.class)
        .hasMessage("mb: 62 MB would leave 2 MB free on " + tmpfs.dir + ", below the safety floor of 8 MB (floorMb); "
            + "allowed up to 56 MB, or pass force=true (--force) to go past the floor. Nothing was applied.");
    Fault forced = fill(Map.of("path", tmpfs.dir.toString(), "mb", 62, "floorMb", 8, "force", true));
    forced.apply();
    try {
      assertThat(Files.getFileStore(tmpfs.dir).getUsableSpace()).isLessThanOrEqualTo(2 * MB);
    } finally {
      forced.recover();
    }
  }

  @Test
  void aReadOnlyFilesystemIsRefused() throws Exception {
    try (Tmpfs ro = new Tmpfs(8, true)) {
      Fault fault = fill(Map.of("path", ro.dir.toString(), "mb", 1));
      assertThatThrownBy(fault::apply).isInstanceOf(FaultException.class)
          .hasMessage("path: " + ro.dir + " is on a read-only filesystem (tmpfs); give a directory on a writable one. "
              + "Nothing was applied.");
      assertThat(host.journal().list()).isEmpty();
    }
  }

  @Test
  void negativeAndAbsurdSizesNameTheRange() {
    assertThatThrownBy(() -> fill(Map.of("path", tmpfs.dir.toString(), "mb", -1)))
        .hasMessageContaining("mb: -1 is out of range; allowed 1 to 67108864");
    assertThatThrownBy(() -> fill(Map.of("path", tmpfs.dir.toString(), "mb", 1L << 40)))
        .hasMessageContaining("mb: 1099511627776 is out of range; allowed 1 to 67108864");
  }

  @Test
  void aFullFilesystemIsSaidToBeFullAndNothingIsApplied() throws Exception {
    java.nio.file.Path filler = tmpfs.dir.resolve("someone-elses-data.bin");
    byte[] block = new byte[1024 * 1024];
    try (var out = Files.newOutputStream(filler)) {
      for (int i = 0; i < 128; i++) { // bounded: the tmpfs holds 64 MB
        out.write(block);
      }
    } catch (java.io.IOException full) {
      assertThat(full.getMessage()).contains("No space left on device");
    }
    assertThat(Files.getFileStore(tmpfs.dir).getUsableSpace()).isLessThan(MB);
    for (Map<String, Object> parameters : java.util.List.<Map<String, Object>>of(
        Map.of("path", tmpfs.dir.toString(), "mb", 1),
        Map.of("path", tmpfs.dir.toString(), "percent", 100),
        Map.of("path", tmpfs.dir.toString(), "mb", 1, "force", true))) {
      Fault fault = fill(parameters);
      assertThatThrownBy(fault::apply).as(parameters.toString()).isInstanceOf(FaultException.class)
          .hasMessageContaining(tmpfs.dir + "'s filesystem is full (")
          .hasMessageContaining("there is nothing left to fill").hasMessageEndingWith("Nothing was applied.");
    }
    try (var files = Files.list(tmpfs.dir)) {
      assertThat(files).containsExactly(filler);
    }
    assertThat(host.journal().list()).isEmpty();
  }

  @Test
  void aFilesystemAtItsFloorSaysSoAndHowToGoPastIt() throws Exception {
    Files.write(tmpfs.dir.resolve("someone-elses-data.bin"), new byte[62 * (int) MB]); // 2 MB left, floor 3.2 MB
    Fault fault = fill(Map.of("path", tmpfs.dir.toString(), "mb", 1));
    assertThatThrownBy(fault::apply).isInstanceOf(FaultException.class)
        .hasMessageContaining("filesystem is nearly full: ").hasMessageContaining("--force")
        .hasMessageEndingWith("Nothing was applied.");
  }
}
