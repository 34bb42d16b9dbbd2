package dev.faultline.jvm.target;

import java.io.IOException;

/** A method that declares a checked exception. */
public final class Store {
  public String load() throws IOException {
    return "loaded";
  }
}
