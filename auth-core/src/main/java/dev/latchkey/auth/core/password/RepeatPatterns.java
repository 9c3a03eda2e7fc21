package dev.latchkey.auth.core.password;

import java.util.ArrayList;
import java.util.List;
import me.gosimple.nbvcxz.matching.PasswordMatcher;
import me.gosimple.nbvcxz.matching.match.Match;
import me.gosimple.nbvcxz.matching.match.RepeatMatch;
import me.gosimple.nbvcxz.resources.Configuration;

/**
 * nbvcxz's repeat matching ({@code aaaa}, {@code 20242024}, {@code ababab}) without its regular expressions: from the
 * left, the longest run of two or more copies of a unit of at most 4 distinct characters becomes a {@link RepeatMatch},
 * and the search goes on after it. nbvcxz's {@code RepeatMatcher} compiles three patterns per call and its
 * backtracking {@code (.+)\1+} costs the cube of the length on a password without repeats (~0.1 ms at 32 characters,
 * a large part of an estimate); this costs about the square, and usually the length. Thread-safe.
 */
final class RepeatPatterns implements PasswordMatcher {
  /** nbvcxz ignores repeated units of more distinct characters (a repeated word is two dictionary matches). */
  private static final int MAX_DISTINCT = 4;

  @Override
  public List<Match> match(Configuration configuration, String password) {
    List<Match> matches = new ArrayList<>();
    int n = password.length();
    int start = 0;
    while (start < n - 1) {
      int bestUnit = 0;
      int bestSpan = 0;
      for (int unit = 1; unit <= (n - start) / 2; unit++) {
        int span = periodicRun(password, start, unit) / unit * unit;
        if (span >= 2 * unit && span > bestSpan) {
          bestUnit = unit;
          bestSpan = span;
        }
      }
      if (bestSpan == 0) {
        start++;
        continue;
      }
      String unit = password.substring(start, start + primitiveRoot(password, start, bestUnit));
      if (unit.chars().distinct().count() <= MAX_DISTINCT) {
        matches.add(new RepeatMatch(password.substring(start, start + bestSpan), configuration, unit, start,
            start + bestSpan - 1));
      }
      start += bestSpan;
    }
    return matches;
  }

  /** How many characters from {@code start} repeat with period {@code unit} (at least {@code unit}). */
  private static int periodicRun(String s, int start, int unit) {
    int i = start + unit;
    while (i < s.length() && s.charAt(i) == s.charAt(i - unit)) {
      i++;
    }
    return i - start;
  }

  /** The shortest period of {@code s[start, start + unit)} that divides it ("abab" has root "ab"). */
  private static int primitiveRoot(String s, int start, int unit) {
    for (int root = 1; root < unit; root++) {
      if (unit % root == 0 && periodicRun(s, start, root) >= unit) {
        return root;
      }
    }
    return unit;
  }
}
