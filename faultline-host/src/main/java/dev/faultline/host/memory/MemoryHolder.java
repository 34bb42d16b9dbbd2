package dev.faultline.host.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The helper process of the memory attack: allocates N MiB outside the Java heap, writes to every
 * page so the memory is really resident, prints {@code READY}, and holds it until its standard
 * input closes (the attacker ended or died) or it is killed.
 */
public final class MemoryHolder {
  private static final int CHUNK_MB = 64;
  private static final int PAGE = 4096;

  private MemoryHolder() {}

  /** {@code args[0]}: MiB to hold. */
  public static void main(String[] args) throws IOException {
    long mb = Long.parseLong(args[0]);
    List<ByteBuffer> held = new ArrayList<>();
    for (long left = mb; left > 0; left -= CHUNK_MB) {
      int size = (int) Math.min(CHUNK_MB, left) * 1024 * 1024;
      ByteBuffer b = ByteBuffer.allocateDirect(size);
      for (int i = 0; i < size; i += PAGE) {
        b.put(i, (byte) 1); // touching a page makes the kernel back it with real memory
      }
      held.add(b);
    }
    System.out.println("READY " + mb);
    System.out.flush();
    while (System.in.read() >= 0) {
      // hold until the attacker closes our input
    }
    held.clear();
  }
}
