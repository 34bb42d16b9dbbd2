package dev.faultline.jvm;

import java.nio.file.Path;

/** The agent in a JDK 25 target, attached from the build's JDK 17. */
class AgentOnJdk25Test extends AgentAttachTestBase {
  @Override
  Path javaHome() {
    return TargetJvm.jdk25();
  }
}
