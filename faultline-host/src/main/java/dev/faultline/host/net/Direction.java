package dev.faultline.host.net;

/** Which packets a network attack affects, seen from this host. */
public enum Direction {
  /** Packets this host sends. */
  OUT,
  /** Packets this host receives. */
  IN,
  /** Both. */
  BOTH;

  boolean out() {
    return this != IN;
  }

  boolean in() {
    return this != OUT;
  }
}
