package dev.faultline.jvmagent;

import java.util.ArrayList;
import java.util.List;

/**
 * Holds {@code memoryMb} of heap (1 MiB arrays, every page written so the memory is really used)
 * until cleared or its length ends. Refused when it would leave less than a safety margin of heap,
 * so the fault itself never runs the target out of memory.
 */
final class MemoryPressureRule extends Rule {
  private static final int CHUNK = 1 << 20;
  private static final long MIN_MARGIN_BYTES = 64L << 20;
  private volatile List<byte[]> held;

  private MemoryPressureRule(int id, RuleRequest request, List<byte[]> held) {
    super(id, request);
    this.held = held;
  }

  static MemoryPressureRule add(int id, RuleRequest r) throws RuleRefusedException {
    Runtime rt = Runtime.getRuntime();
    long used = rt.totalMemory() - rt.freeMemory();
    long margin = Math.max(MIN_MARGIN_BYTES, rt.maxMemory() / 10);
    long available = rt.maxMemory() - used - margin;
    long wanted = r.memoryMb * CHUNK;
    if (wanted > available) {
      throw new RuleRefusedException("holding " + r.memoryMb + " MB would leave the target less than "
          + (margin >> 20) + " MB of heap (max " + (rt.maxMemory() >> 20) + " MB, used " + (used >> 20)
          + " MB); the most allowed now is " + Math.max(0, available >> 20) + " MB");
    }
    List<byte[]> chunks = new ArrayList<>();
    try {
      for (long i = 0; i < r.memoryMb; i++) {
        byte[] b = new byte[CHUNK];
        for (int p = 0; p < CHUNK; p += 4096) {
          b[p] = 1;
        }
        chunks.add(b);
      }
    } catch (OutOfMemoryError e) {
      chunks.clear();
      throw new RuleRefusedException("the heap ran short while taking " + r.memoryMb + " MB; released it again");
    }
    return new MemoryPressureRule(id, r, chunks);
  }

  @Override
  String target() {
    return "jvm";
  }

  @Override
  String effect() {
    return "hold " + request.memoryMb + " MB of heap";
  }

  @Override
  long hits() {
    return 1;
  }

  @Override
  void stopEffect() {
    held = null;
  }

  @Override
  void revert() {
    held = null;
  }
}
