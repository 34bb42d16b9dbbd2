package dev.faultline.jvm.target;

/** The one implementation of {@link PriceSource}. */
public final class FixedPriceSource implements PriceSource {
  @Override
  public long price() {
    return 100;
  }
}
