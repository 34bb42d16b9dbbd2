package dev.faultline.jvm.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Writes a jar of {@code count} tiny application classes {@code gen.C0..}, each with one static
 * method {@code long t()}: every {@code clockEvery}-th calls {@code System.currentTimeMillis()},
 * the others {@code System.nanoTime()}. Class files are written by hand (no library): straight
 * code needs no stack map frames.
 */
public final class GeneratedClasses {
  private GeneratedClasses() {}

  /** The jar path; the classes read the clock in {@code count / clockEvery} of them. */
  public static Path writeJar(Path jar, int count, int clockEvery) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      for (int i = 0; i < count; i++) {
        out.putNextEntry(new JarEntry("gen/C" + i + ".class"));
        out.write(classFile("gen/C" + i, i % clockEvery == 0 ? "currentTimeMillis" : "nanoTime"));
        out.closeEntry();
      }
    }
    return jar;
  }

  static byte[] classFile(String internalName, String systemMethod) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(bytes);
    d.writeInt(0xCAFEBABE);
    d.writeShort(0);
    d.writeShort(52); // Java 8 class file: straight code needs no StackMapTable
    d.writeShort(13); // constant pool count (entries 1..12)
    utf8(d, internalName); // 1
    classRef(d, 1); // 2
    utf8(d, "java/lang/Object"); // 3
    classRef(d, 3); // 4
    utf8(d, "t"); // 5
    utf8(d, "()J"); // 6
    utf8(d, "Code"); // 7
    utf8(d, "java/lang/System"); // 8
    classRef(d, 8); // 9
    utf8(d, systemMethod); // 10
    d.writeByte(12); // 11 NameAndType
    d.writeShort(10);
    d.writeShort(6);
    d.writeByte(10); // 12 Methodref
    d.writeShort(9);
    d.writeShort(11);
    d.writeShort(0x0011); // public final
    d.writeShort(2);
    d.writeShort(4);
    d.writeShort(0); // interfaces
    d.writeShort(0); // fields
    d.writeShort(1); // methods
    d.writeShort(0x0009); // public static
    d.writeShort(5);
    d.writeShort(6);
    d.writeShort(1); // attributes: Code
    d.writeShort(7);
    byte[] code = {(byte) 0xB8, 0, 12, (byte) 0xAD}; // invokestatic #12; lreturn
    d.writeInt(2 + 2 + 4 + code.length + 2 + 2);
    d.writeShort(2); // max stack
    d.writeShort(0); // max locals
    d.writeInt(code.length);
    d.write(code);
    d.writeShort(0); // exception table
    d.writeShort(0); // code attributes
    d.writeShort(0); // class attributes
    d.flush();
    return bytes.toByteArray();
  }

  private static void utf8(DataOutputStream d, String s) throws IOException {
    d.writeByte(1);
    d.writeUTF(s);
  }

  private static void classRef(DataOutputStream d, int nameIndex) throws IOException {
    d.writeByte(7);
    d.writeShort(nameIndex);
  }
}
