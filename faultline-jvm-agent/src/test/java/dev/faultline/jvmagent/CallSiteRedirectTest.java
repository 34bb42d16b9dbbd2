package dev.faultline.jvmagent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.jvmagent.bootstrap.FaultDispatch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The clock skew's call-site rewrite on real class files, without a JVM to attach to. */
class CallSiteRedirectTest {
  /** Reads the clock three ways; only the first is redirected. */
  public static final class Clocky {
    public static long millis() {
      return System.currentTimeMillis();
    }

    public static long nanos() {
      return System.nanoTime();
    }

    public static String name() {
      return "currentTimeMillis"; // the text alone is no call
    }
  }

  private final Instrumenter.Failures failures = new Instrumenter.Failures();
  private final CallSiteRedirect redirect = new CallSiteRedirect("java/lang/System", "currentTimeMillis", "()J",
      FaultDispatch.class, failures);

  @AfterEach
  void resetSkew() {
    FaultDispatch.clockSkewMs = 0;
  }

  @Test
  void rewrittenClassReadsTheSkewedClockAndKeepsEverythingElse() throws Exception {
    byte[] original = classFile(Clocky.class);
    byte[] rewritten = redirect.transform(null, getClass().getClassLoader(), "com/acme/Clocky", null, null, original);
    assertThat(rewritten).isNotNull();
    assertThat(redirect.transformed()).containsExactly("com.acme.Clocky");
    assertThat(failures.count()).isZero();
    Class<?> c = new ChildFirst(Clocky.class.getName(), rewritten, getClass().getClassLoader()).loadClass(Clocky.class.getName());
    assertThat(c).isNotSameAs(Clocky.class);
    FaultDispatch.clockSkewMs = 3_600_000;
    long before = System.currentTimeMillis();
    long skewed = (long) c.getMethod("millis").invoke(null);
    long after = System.currentTimeMillis();
    assertThat(skewed).isBetween(before + 3_600_000, after + 3_600_000);
    long nanoBefore = System.nanoTime();
    assertThat((long) c.getMethod("nanos").invoke(null)).isBetween(nanoBefore, System.nanoTime());
    assertThat(c.getMethod("name").invoke(null)).isEqualTo("currentTimeMillis");
  }

  @Test
  void classesWithoutTheCallJdkClassesAndTheAgentAreLeftAlone() throws Exception {
    byte[] noCall = classFile(ChildFirst.class);
    ClassLoader app = getClass().getClassLoader();
    assertThat(redirect.transform(null, app, "com/acme/NoCall", null, null, noCall)).isNull();
    byte[] clocky = classFile(Clocky.class);
    assertThat(redirect.transform(null, null, "java/util/Clocky", null, null, clocky)).isNull();
    assertThat(redirect.transform(null, ClassLoader.getPlatformClassLoader(), "java/sql/Clocky", null, null, clocky))
        .isNull();
    assertThat(redirect.transform(null, app, "dev/faultline/jvmagent/Clocky", null, null, clocky)).isNull();
    assertThat(redirect.transformed()).isEmpty();
    assertThat(failures.count()).isZero();
  }

  @Test
  void aClassFileThatCannotBeReadIsSkippedAndReported() {
    byte[] garbage = "\\u00ca\\u00fe not a class, but it mentions currentTimeMillis".getBytes(StandardCharsets.UTF_8);
    assertThat(redirect.transform(null, getClass().getClassLoader(), "com/acme/Broken", null, null, garbage)).isNull();
    assertThat(failures.count()).isEqualTo(1);
    assertThat(failures.skipped().examples()).startsWith("com.acme.Broken: ");
    assertThat(redirect.transformed()).isEmpty();
  }

  @Test
  void byteSearchFindsTextAnywhereAndOnlyWhole() {
    byte[] needle = "currentTimeMillis".getBytes(StandardCharsets.UTF_8);
    assertThat(Instrumenter.contains("xxcurrentTimeMillis".getBytes(StandardCharsets.UTF_8), needle)).isTrue();
    assertThat(Instrumenter.contains("currentTimeMillis".getBytes(StandardCharsets.UTF_8), needle)).isTrue();
    assertThat(Instrumenter.contains("currentTimeMilli".getBytes(StandardCharsets.UTF_8), needle)).isFalse();
    assertThat(Instrumenter.contains("ccurrentTimeMillix".getBytes(StandardCharsets.UTF_8), needle)).isFalse();
    assertThat(Instrumenter.contains(new byte[0], needle)).isFalse();
  }

  private static byte[] classFile(Class<?> c) throws IOException {
    String name = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
    try (InputStream in = c.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  /** Defines one class from given bytes before asking its parent. */
  private static final class ChildFirst extends ClassLoader {
    private final String name;
    private final byte[] bytes;

    ChildFirst(String name, byte[] bytes, ClassLoader parent) {
      super(parent);
      this.name = name;
      this.bytes = bytes;
    }

    @Override
    protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
      if (n.equals(name)) {
        synchronized (getClassLoadingLock(n)) {
          Class<?> c = findLoadedClass(n);
          return c != null ? c : defineClass(n, bytes, 0, bytes.length);
        }
      }
      return super.loadClass(n, resolve);
    }
  }
}
