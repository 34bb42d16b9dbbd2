package dev.faultline.core.experiment;

/** One value of a {@code secrets} scope. Secret values are masked in journals and logs. */
public sealed interface SecretValue {

  /** A secret written in the file. */
  record Literal(Object value) implements SecretValue {}

  /** {@code {"type": "env", "key": K}}; secrets have no default, as in Chaos Toolkit. */
  record EnvReference(String key) implements SecretValue {}
}
