package dev.faultline.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one step line into words the way a shell would for simple cases: blanks separate words,
 * single or double quotes keep blanks inside one word ({@code --message "pool exhausted"}).
 */
final class StepWords {
  private StepWords() {}

  /**
   * The words of {@code line}.
   *
   * @throws IllegalArgumentException for an unclosed quote, naming its column
   */
  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    int quoteColumn = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        quoteColumn = i + 1;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("the quote " + quote + " opened at column " + quoteColumn + " is not closed");
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
