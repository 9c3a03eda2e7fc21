package dev.latchkey.auth.core.password;

import java.util.ArrayList;
import java.util.List;
import me.gosimple.nbvcxz.matching.PasswordMatcher;
import me.gosimple.nbvcxz.matching.match.DictionaryMatch;
import me.gosimple.nbvcxz.matching.match.Match;
import me.gosimple.nbvcxz.resources.Configuration;

/**
 * nbvcxz's dictionary matching over {@link WordList}s: every part of the password that is a listed word, in any case,
 * reversed, or with common l33t substitutions ({@code p@ssw0rd}), becomes a {@link DictionaryMatch} ranked as nbvcxz
 * ranks it.
 *
 * <p>It replaces nbvcxz's own {@code DictionaryMatcher} for two measured reasons: that one needs its lists as
 * {@code HashMap<String, Integer>}s (~15 MiB for the bundled ones, against the reference server's 42 MiB heap) and
 * tries every substring however long (quadratic in the password's length); this one looks words up in compact lists
 * without allocating and stops at the longest listed word. Nbvcxz's Levenshtein "distance" matching is left out (an
 * order of magnitude slower, by nbvcxz's own account). Thread-safe.
 */
final class DictionaryPatterns implements PasswordMatcher {
  /** Leet substitutions (nbvcxz's default table): a character and the letters it can stand for. */
  private static final char[][] LEET = leetTable();
  /** nbvcxz gives up after 100 translations of one part; so do we. */
  private static final int MAX_TRANSLATIONS = 100;
  /**
   * And after this many translations of all parts of one password: a realistic one needs a few hundred
   * ({@code P@ssw0rd20242024} ~400), while 64 characters of {@code 1a1a...} would ask for ~100,000 (40 ms). Parts
   * beyond the budget are only matched as written, so such a password can only be judged stronger than it is.
   */
  private static final int MAX_TRANSLATIONS_PER_PASSWORD = 2_000;

  /**
   * One list to look parts up in.
   *
   * @param name the dictionary name the matches carry
   * @param words the words
   * @param excluded whether a match counts as no entropy at all (the user's own identifiers)
   */
  record Source(String name, WordList words, boolean excluded) {}

  private final List<Source> sources;
  private final int maxLength;

  DictionaryPatterns(List<Source> sources) {
    this.sources = List.copyOf(sources);
    this.maxLength = sources.stream().mapToInt(s -> s.words().maxLength()).max().orElse(0);
  }

  @Override
  public List<Match> match(Configuration configuration, String password) {
    int n = password.length();
    char[] lower = new char[n];
    char[] reversed = new char[n];
    int[] leetBefore = new int[n + 1]; // how many l33t characters precede each index
    for (int i = 0; i < n; i++) {
      lower[i] = Character.toLowerCase(password.charAt(i)); // per char: the indexes must stay the password's
      reversed[n - 1 - i] = lower[i];
      leetBefore[i + 1] = leetBefore[i] + (isLeet(lower[i]) ? 1 : 0);
    }
    List<Match> matches = new ArrayList<>();
    char[] scratch = new char[Math.min(n, maxLength)];
    char[] scratchReversed = new char[scratch.length];
    int[] budget = {MAX_TRANSLATIONS_PER_PASSWORD};
    for (int start = 0; start < n; start++) {
      int hash = 0; // of lower[start, end), extended one character at a time
      int reversedHash = 0; // of the same range reversed: each new character goes in front
      int power = 1;
      for (int end = start + 1; end <= Math.min(n, start + maxLength); end++) {
        char c = lower[end - 1];
        if (c > 0xFF) {
          break; // the lists are Latin-1: no longer range from here can be a word
        }
        hash = 31 * hash + c;
        reversedHash += c * power;
        power *= 31;
        int leet = leetBefore[end] - leetBefore[start];
        for (Source source : sources) {
          if (end - start > source.words().maxLength()) {
            continue;
          }
          if (!matchPlain(configuration, password, lower, reversed, start, end, hash, reversedHash, source, matches)
              && leet > 0 && leet < end - start && budget[0] > 0) { // nbvcxz skips all-substitution parts too
            System.arraycopy(lower, start, scratch, 0, end - start);
            int[] tried = {0};
            translate(configuration, password, start, end - start, source, leetPositions(lower, start, end), 0,
                scratch, scratchReversed, tried, matches);
            budget[0] -= tried[0];
          }
        }
      }
    }
    return matches;
  }

  /** Looks the part up as it is and reversed; true when either is a word. */
  private static boolean matchPlain(Configuration configuration, String password, char[] lower, char[] reversed,
      int start, int end, int hash, int reversedHash, Source source, List<Match> matches) {
    int length = end - start;
    int rank = source.words().rank(hash, lower, start, end);
    if (rank > 0) {
      matches.add(match(configuration, password, start, end, new String(lower, start, length), rank, List.of(),
          false, source));
      return true;
    }
    int n = lower.length;
    rank = source.words().rank(reversedHash, reversed, n - end, n - start);
    if (rank > 0) {
      matches.add(match(configuration, password, start, end, new String(reversed, n - end, length), rank, List.of(),
          true, source));
      return true;
    }
    return false;
  }

  private static boolean isLeet(char c) {
    return c < LEET.length && LEET[c] != null;
  }

  private static List<Integer> leetPositions(char[] lower, int start, int end) {
    List<Integer> positions = new ArrayList<>();
    for (int i = start; i < end; i++) {
      if (isLeet(lower[i])) {
        positions.add(i - start);
      }
    }
    return positions;
  }

  /** Tries every translation of the l33t characters at {@code positions[index..]}; stops after 100 of them. */
  private static void translate(Configuration configuration, String password, int start, int length, Source source,
      List<Integer> positions, int index, char[] scratch, char[] scratchReversed, int[] tried, List<Match> matches) {
    int position = positions.get(index);
    char original = scratch[position];
    for (char plain : LEET[original]) {
      if (tried[0] > MAX_TRANSLATIONS) {
        break;
      }
      scratch[position] = plain;
      if (index + 1 < positions.size()) {
        translate(configuration, password, start, length, source, positions, index + 1, scratch, scratchReversed,
            tried, matches);
        continue;
      }
      tried[0]++;
      lookUpTranslation(configuration, password, start, length, source, scratch, scratchReversed, matches);
    }
    scratch[position] = original;
  }

  private static void lookUpTranslation(Configuration configuration, String password, int start, int length,
      Source source, char[] scratch, char[] scratchReversed, List<Match> matches) {
    String token = password.substring(start, start + length);
    int rank = source.words().rank(scratch, 0, length);
    if (rank > 0) {
      String plain = new String(scratch, 0, length);
      matches.add(match(configuration, password, start, start + length, plain, rank, substitutions(token, plain),
          false, source));
      return;
    }
    for (int i = 0; i < length; i++) {
      scratchReversed[length - 1 - i] = scratch[i];
    }
    rank = source.words().rank(scratchReversed, 0, length);
    if (rank > 0) {
      String plain = new String(scratchReversed, 0, length);
      String reversedToken = new StringBuilder(token.toLowerCase(java.util.Locale.ROOT)).reverse().toString();
      matches.add(match(configuration, password, start, start + length, plain, rank,
          substitutions(reversedToken, plain), true, source));
    }
  }

  /** The substitutions as nbvcxz records them: {l33t character, letter} for each position that differs. */
  private static List<Character[]> substitutions(String token, String plain) {
    List<Character[]> subs = new ArrayList<>();
    String lowerToken = token.toLowerCase(java.util.Locale.ROOT);
    for (int i = 0; i < plain.length() && i < lowerToken.length(); i++) {
      if (lowerToken.charAt(i) != plain.charAt(i)) {
        subs.add(new Character[] {lowerToken.charAt(i), plain.charAt(i)});
      }
    }
    return subs;
  }

  private static DictionaryMatch match(Configuration configuration, String password, int start, int end,
      String plain, int rank, List<Character[]> subs, boolean reversed, Source source) {
    return new DictionaryMatch(password.substring(start, end), configuration, start, end - 1, plain, rank,
        new ArrayList<>(subs), source.excluded(), reversed, source.name(), 0);
  }

  private static char[][] leetTable() {
    char[][] table = new char[128][];
    String[] pairs = {"4a", "@a", "8b", "(c", "{c", "[c", "<c", "3e", "9g", "6g", "&g", "#h", "!il", "1il", "|il",
        "0o", "$s", "5s", "+t", "7tl", "%x", "2z"};
    for (String pair : pairs) {
      table[pair.charAt(0)] = pair.substring(1).toCharArray();
    }
    return table;
  }
}
