package dev.latchkey.auth.core.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A compact, immutable set of lower-case words with their frequency rank (1 = most common), for the strength
 * estimator's dictionary lookups.
 *
 * <p>The words live in one byte array (Latin-1) with an open-addressing hash table of indexes, about 15 bytes per
 * entry plus the characters, instead of the ~100 bytes of a {@code HashMap<String, Integer>} entry: the reference server
 * runs with a 42 MiB heap, and the lists hold ~150,000 words. Lookups take a range of a {@code char[]}, so the matcher
 * allocates nothing per candidate substring. Thread-safe once built.
 */
final class WordList {
  private final byte[] chars;
  private final int[] offsets; // word i is chars[offsets[i], offsets[i + 1])
  private final int[] ranks;
  private final int[] table; // word index + 1; 0 = empty slot
  private final int size;
  private final int maxLength;

  private WordList(Builder b) {
    this.size = b.size;
    this.chars = Arrays.copyOf(b.chars, b.charCount);
    this.offsets = Arrays.copyOf(b.offsets, b.size + 1);
    this.ranks = Arrays.copyOf(b.ranks, b.size);
    this.table = b.table;
    this.maxLength = b.maxLength;
  }

  /** How many words. */
  int size() {
    return size;
  }

  /** The length of the longest word. */
  int maxLength() {
    return maxLength;
  }

  /** The number of words of at least {@code length} characters. */
  int countAtLeast(int length) {
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (offsets[i + 1] - offsets[i] >= length) {
        n++;
      }
    }
    return n;
  }

  /** The rank of {@code text[from, to)}, or 0 when it is not a word of this list. */
  int rank(char[] text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text[i] > 0xFF) {
        return 0;
      }
    }
    return rank(rawHash(text, from, to), text, from, to);
  }

  /** The rank of a whole string, or 0. */
  int rank(String word) {
    return rank(word.toCharArray(), 0, word.length());
  }

  /**
   * The rank of {@code text[from, to)}, all Latin-1, whose {@link #rawHash} the caller has computed (incrementally,
   * as it extends the range), or 0.
   */
  int rank(int rawHash, char[] text, int from, int to) {
    int entry = table[find(table, chars, offsets, rawHash, text, from, to)];
    return entry == 0 ? 0 : ranks[entry - 1];
  }

  /** The polynomial hash (31) that {@link #rank(int, char[], int, int)} expects; {@code h = 31 * h + c} per char. */
  static int rawHash(char[] text, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + text[i];
    }
    return h;
  }

  /** The slot holding the word, or the empty slot where it would go. */
  private static int find(int[] table, byte[] chars, int[] offsets, int rawHash, char[] text, int from, int to) {
    int mask = table.length - 1;
    for (int slot = (rawHash ^ (rawHash >>> 16)) & mask; ; slot = (slot + 1) & mask) {
      int entry = table[slot];
      if (entry == 0 || equal(chars, offsets[entry - 1], offsets[entry], text, from, to)) {
        return slot;
      }
    }
  }

  private static boolean equal(byte[] chars, int start, int end, char[] text, int from, int to) {
    if (end - start != to - from) {
      return false;
    }
    for (int i = start, j = from; i < end; i++, j++) {
      if ((chars[i] & 0xFF) != text[j]) {
        return false;
      }
    }
    return true;
  }

  /** Collects words; a word added twice keeps its lowest rank. Not thread-safe. */
  static final class Builder {
    private byte[] chars;
    private int[] offsets;
    private int[] ranks;
    private int[] table;
    private int charCount;
    private int size;
    private int maxLength;

    /** A builder sized for about {@code expectedWords} words (it grows as needed). */
    Builder(int expectedWords) {
      int words = Math.max(4, expectedWords);
      chars = new byte[words * 8];
      offsets = new int[words + 1];
      ranks = new int[words];
      table = new int[Integer.highestOneBit(words * 2) * 2];
    }

    /**
     * Adds a word, lower-cased; words with characters outside Latin-1 are skipped (no password of them could match).
     *
     * @param rank 1 for the most common word of its list
     */
    Builder add(String word, int rank) {
      String lower = word.strip().toLowerCase(java.util.Locale.ROOT);
      if (lower.isEmpty()) {
        return this;
      }
      char[] text = lower.toCharArray();
      if (!lower.chars().allMatch(c -> c <= 0xFF)) {
        return this;
      }
      int slot = find(table, chars, offsets, rawHash(text, 0, text.length), text, 0, text.length);
      if (table[slot] != 0) {
        int i = table[slot] - 1;
        ranks[i] = Math.min(ranks[i], rank);
        return this;
      }
      ensureCapacity(text.length);
      for (char c : text) {
        chars[charCount++] = (byte) c;
      }
      ranks[size] = rank;
      offsets[size + 1] = charCount;
      size++;
      table[slot] = size;
      maxLength = Math.max(maxLength, text.length);
      if (size * 10 > table.length * 7) {
        rehash();
      }
      return this;
    }

    /**
     * Adds the first {@code limit} lines of a word-list resource that have at least {@code minLength} characters.
     *
     * @param fixedRank 0 to rank by line number (for lists sorted by frequency); otherwise the rank of every word
     */
    Builder addResource(Class<?> anchor, String resource, int limit, int fixedRank, int minLength) {
      try (InputStream in = anchor.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + resource);
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int line = 0;
        for (String word = reader.readLine(); word != null && line < limit; word = reader.readLine()) {
          line++;
          if (word.strip().length() >= minLength) {
            add(word, fixedRank == 0 ? line : fixedRank);
          }
        }
        return this;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    WordList build() {
      return new WordList(this);
    }

    private void ensureCapacity(int length) {
      if (charCount + length > chars.length) {
        chars = Arrays.copyOf(chars, Math.max(chars.length * 2, charCount + length));
      }
      if (size + 2 > offsets.length || size + 1 > ranks.length) {
        offsets = Arrays.copyOf(offsets, offsets.length * 2);
        ranks = Arrays.copyOf(ranks, ranks.length * 2);
      }
    }

    private void rehash() {
      int[] bigger = new int[table.length * 2];
      int mask = bigger.length - 1;
      for (int entry : table) {
        if (entry != 0) {
          int h = 0;
          for (int i = offsets[entry - 1]; i < offsets[entry]; i++) {
            h = 31 * h + (chars[i] & 0xFF);
          }
          int slot = (h ^ (h >>> 16)) & mask;
          while (bigger[slot] != 0) {
            slot = (slot + 1) & mask;
          }
          bigger[slot] = entry;
        }
      }
      table = bigger;
    }
  }
}
