package io.switchboard.adapter.outbound;

import java.util.ArrayList;
import java.util.List;

/** Splits a text that is longer than a platform allows into parts sent one after the other. */
public final class TextChunks {
  private TextChunks() {}

  /**
   * {@code text} in parts of at most {@code max} code points, cut on code-point boundaries so that
   * no emoji is cut in half; none for an empty text.
   */
  public static List<String> split(String text, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive");
    }
    List<String> chunks = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = start;
      int count = 0;
      while (end < text.length() && count < max) {
        end += Character.charCount(text.codePointAt(end));
        count++;
      }
      chunks.add(text.substring(start, end));
      start = end;
    }
    return chunks;
  }
}
