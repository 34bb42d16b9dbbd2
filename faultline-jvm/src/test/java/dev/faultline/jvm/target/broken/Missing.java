package dev.faultline.jvm.target.broken;

/** Deleted from the target's class path by the test, so {@link UsesMissing}'s signatures name a missing type. */
public final class Missing {}
