package dev.faultline.engine.python.standin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.engine.python.PythonFunction;
import dev.faultline.engine.python.PythonFunctions;
import dev.faultline.engine.python.PythonSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/python-stand-ins.md lists every installed stand-in with its real signature. */
class StandInDocsTest {

  @Test
  void everyStandInHasARowWithItsArguments() throws Exception {
    // Maven runs tests in the module directory; the docs live at the repository root.
    String docs = Files.readString(Path.of("..", "docs", "python-stand-ins.md"));

    for (PythonFunction function : PythonFunctions.installed().all()) {
      assertThat(function).isInstanceOf(SignatureStandIn.class);
      PythonSignature signature = ((SignatureStandIn) function).signature();
      String text = signature.text();
      String arguments = text.substring(signature.qualifiedName().length() + 1, text.length() - 1);
      String shown = arguments.isEmpty() ? "(none)" : "`" + arguments + "`"; // an empty code span would print ``
      assertThat(docs).contains("| `" + signature.qualifiedName() + "` | " + shown + " |");
    }
  }
}
