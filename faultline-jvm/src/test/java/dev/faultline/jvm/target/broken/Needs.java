package dev.faultline.jvm.target.broken;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/** An annotation with a class value, so {@link UsesMissing} carries an annotation naming {@link Missing}. */
@Retention(RetentionPolicy.RUNTIME)
public @interface Needs {
  Class<?> value();
}
