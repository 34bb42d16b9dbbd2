package dev.faultline.server.db;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Short random identifiers with a prefix that says what they name: {@code run_3f9a…}. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static String next(String prefix) {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return prefix + "_" + HexFormat.of().formatHex(b);
  }
}
