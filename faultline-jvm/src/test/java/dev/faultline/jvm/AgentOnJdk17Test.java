package dev.faultline.jvm;

import java.nio.file.Path;

/** The agent in a JDK 17 target (the build's own JDK). */
class AgentOnJdk17Test extends AgentAttachTestBase {
  @Override
  Path javaHome() {
    return TargetJvm.jdk17();
  }
}
