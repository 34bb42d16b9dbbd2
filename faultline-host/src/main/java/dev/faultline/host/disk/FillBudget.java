package dev.faultline.host.disk;

/**
 * How much a fill may write next, decided again before every chunk: other writers can use the
 * filesystem while a long fill runs, so the free space measured when the attack was planned is not
 * enough to keep the safety floor.
 *
 * @param floorBytes free space to keep
 * @param force whether the floor may be crossed
 * @param chunkBytes the largest single write
 */
record FillBudget(long floorBytes, boolean force, int chunkBytes) {

  /**
   * Bytes to write next: at most a chunk and what remains, and, unless forced, no more than keeps
   * {@code usableBytes} at or above the floor; 0 means stop.
   */
  long next(long remainingBytes, long usableBytes) {
    long n = Math.min(chunkBytes, remainingBytes);
    if (!force) {
      n = Math.min(n, usableBytes - floorBytes);
    }
    return Math.max(0, n);
  }
}
