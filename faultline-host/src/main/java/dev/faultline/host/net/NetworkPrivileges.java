package dev.faultline.host.net;

import dev.faultline.core.fault.FaultException;
import dev.faultline.host.process.Commands;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before anything is applied, that this process may change the network: it holds
 * CAP_NET_ADMIN and the tool is installed. Reads {@code /proc/self/status} unless given a text.
 */
public final class NetworkPrivileges {
  /** Bit number of CAP_NET_ADMIN in the capability masks. */
  static final int CAP_NET_ADMIN = 12;
  private final String statusText;

  private NetworkPrivileges(String statusText) {
    this.statusText = statusText;
  }

  /** The privileges of this process. */
  public static NetworkPrivileges ofThisProcess() {
    try {
      return new NetworkPrivileges(Files.readString(Path.of("/proc/self/status")));
    } catch (IOException e) {
      return new NetworkPrivileges("");
    }
  }

  /** Privileges as described by a {@code /proc/<pid>/status} text (tests give one without the bit). */
  public static NetworkPrivileges fromStatus(String statusText) {
    return new NetworkPrivileges(statusText);
  }

  /** Whether the effective capability set holds CAP_NET_ADMIN. */
  public boolean hasNetAdmin() {
    for (String line : statusText.split("\n")) {
      if (line.startsWith("CapEff:")) {
        return new BigInteger(line.substring(7).strip(), 16).testBit(CAP_NET_ADMIN);
      }
    }
    return false;
  }

  /**
   * Throws unless CAP_NET_ADMIN is held and {@code tool} ({@code nft}, {@code tc}) is installed.
   *
   * @param attack the attack's name for the message
   */
  public void require(String attack, String tool, String debianPackage) throws FaultException {
    if (!hasNetAdmin()) {
      throw new FaultException(attack + " needs the CAP_NET_ADMIN capability to change network rules, and this "
          + "process does not have it; run it as root (sudo) or grant CAP_NET_ADMIN. Nothing was applied.");
    }
    if (Commands.find(tool).isEmpty()) {
      throw new FaultException(attack + " needs '" + tool + "', which is not installed; install it (apt-get install "
          + debianPackage + "). Nothing was applied.");
    }
  }
}
