package dev.faultline.jvm.target;

/** An interface whose implementations a rule selects with --implementations. */
public interface PriceSource {
  long price();
}
