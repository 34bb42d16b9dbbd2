package dev.faultline.jvm.target.broken;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A class that loads and runs without {@link Missing} (only its generic signatures name it), but
 * that reflection and so bytecode rewriters describing it fail on with
 * {@code TypeNotPresentException}: what real applications (H2, WireMock) have with optional
 * dependencies left out.
 */
@Needs(Missing.class)
public final class UsesMissing implements Supplier<List<Missing>> {
  private final List<Missing> items = new ArrayList<>();

  /** Never called: its descriptor names the missing type ({@code getDeclaredMethods()} fails). */
  public static void take(Missing missing) {
    if (missing != null) {
      System.out.println(System.currentTimeMillis());
    }
  }

  @Override
  public List<Missing> get() {
    return items;
  }

  /** Wall-clock time read here: a clock skew that skips this class leaves it real. */
  @Needs(Missing.class)
  public static long now() {
    return System.currentTimeMillis();
  }
}
