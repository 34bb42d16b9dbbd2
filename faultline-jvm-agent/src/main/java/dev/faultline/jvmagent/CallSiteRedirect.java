package dev.faultline.jvmagent;

import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Redirects the calls {@code owner.name desc} (a static method) in application classes to a
 * static method of the same descriptor, with plain ASM: an {@code invokestatic} is exchanged for
 * another of the same length and stack effect, so nothing else in the class changes (no frames
 * computed, no type of the class or of its callees described or resolved). A class file whose
 * bytes do not contain the method's name is passed over after one byte search. Classes of the
 * bootstrap and platform loaders (the JDK) and of the agent are never changed.
 *
 * <p>Why not ByteBuddy's {@code MemberSubstitution}: it describes every class it rewrites and
 * every method the class calls, which took 5 to 80 ms per class on real applications (tens of
 * seconds for a clock skew on an H2 server), and failed on classes naming types missing from the
 * class path.
 */
final class CallSiteRedirect implements ClassFileTransformer {
  private final String owner;
  private final String name;
  private final String descriptor;
  private final String targetOwner;
  private final byte[] needle;
  private final ClassLoader platform = ClassLoader.getPlatformClassLoader();
  private final Set<String> transformed = ConcurrentHashMap.newKeySet();
  private final Instrumenter.Failures failures;

  /** Calls of {@code owner.name descriptor} (internal names) go to {@code target.name descriptor}. */
  CallSiteRedirect(String owner, String name, String descriptor, Class<?> target, Instrumenter.Failures failures) {
    this.owner = owner;
    this.name = name;
    this.descriptor = descriptor;
    this.targetOwner = target.getName().replace('.', '/');
    this.needle = name.getBytes(StandardCharsets.UTF_8);
    this.failures = failures;
  }

  /** The names of the classes rewritten so far, loaded before or after the redirect was installed. */
  Set<String> transformed() {
    return transformed;
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
      ProtectionDomain pd, byte[] classfileBuffer) {
    if (loader == null || loader == platform || className == null || className.startsWith("dev/faultline/jvmagent/")
        || !Instrumenter.contains(classfileBuffer, needle)) {
      return null;
    }
    try {
      ClassReader reader = OpenedClassReader.of(classfileBuffer);
      ClassWriter writer = new ClassWriter(reader, 0);
      boolean[] changed = {false};
      reader.accept(new ClassVisitor(OpenedClassReader.ASM_API, writer) {
        @Override
        public MethodVisitor visitMethod(int access, String method, String desc, String signature, String[] exceptions) {
          return new MethodVisitor(OpenedClassReader.ASM_API, super.visitMethod(access, method, desc, signature, exceptions)) {
            @Override
            public void visitMethodInsn(int opcode, String callOwner, String callName, String callDesc, boolean itf) {
              if (opcode == Opcodes.INVOKESTATIC && callOwner.equals(owner) && callName.equals(name)
                  && callDesc.equals(descriptor)) {
                changed[0] = true;
                super.visitMethodInsn(Opcodes.INVOKESTATIC, targetOwner, name, descriptor, false);
              } else {
                super.visitMethodInsn(opcode, callOwner, callName, callDesc, itf);
              }
            }
          };
        }
      }, 0);
      if (!changed[0]) {
        return null;
      }
      transformed.add(className.replace('/', '.'));
      return writer.toByteArray();
    } catch (RuntimeException | LinkageError e) {
      failures.add(className.replace('/', '.') + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return null; // the class keeps its original code
    }
  }
}
