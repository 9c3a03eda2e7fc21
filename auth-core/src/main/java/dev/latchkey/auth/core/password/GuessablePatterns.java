package dev.latchkey.auth.core.password;

import java.util.ArrayList;
import java.util.List;
import me.gosimple.nbvcxz.matching.match.BruteForceMatch;
import me.gosimple.nbvcxz.matching.match.DateMatch;
import me.gosimple.nbvcxz.matching.match.DictionaryMatch;
import me.gosimple.nbvcxz.matching.match.Match;
import me.gosimple.nbvcxz.matching.match.RepeatMatch;
import me.gosimple.nbvcxz.matching.match.SeparatorMatch;
import me.gosimple.nbvcxz.matching.match.SequenceMatch;
import me.gosimple.nbvcxz.matching.match.SpacialMatch;
import me.gosimple.nbvcxz.matching.match.YearMatch;

/**
 * Says in words what a guessable password is made of ("a common password followed by a number sequence"), from the
 * parts the estimator found. Only fixed phrases: never a character of the password.
 */
final class GuessablePatterns {
  private static final int MAX_PARTS = 4;

  private GuessablePatterns() {}

  /** A phrase such as "a common word followed by a year", or empty when no part is a pattern. */
  static String describe(List<Match> matches) {
    List<String> parts = new ArrayList<>();
    for (Match match : matches) {
      String part = describe(match);
      if (part == null) {
        continue;
      }
      if (!parts.isEmpty() && stem(parts.getLast()).equals(part)) {
        parts.set(parts.size() - 1, part + " repeated");
      } else {
        parts.add(part);
      }
    }
    if (parts.size() > MAX_PARTS) {
      parts = new ArrayList<>(parts.subList(0, MAX_PARTS));
      parts.add("more predictable parts");
    }
    return String.join(" followed by ", parts);
  }

  private static String stem(String part) {
    return part.endsWith(" repeated") ? part.substring(0, part.length() - " repeated".length()) : part;
  }

  private static String describe(Match match) {
    return switch (match) {
      case DictionaryMatch d -> dictionary(d);
      case SpacialMatch s -> "a keyboard pattern";
      case SequenceMatch s -> isDigits(s.getToken()) ? "a number sequence" : "a letter sequence";
      case RepeatMatch r -> r.getRepeatingCharacters().length() == 1 ? "a repeated character"
          : "a short repeated group of characters";
      case YearMatch y -> "a year";
      case DateMatch d -> "a date";
      case SeparatorMatch s -> null;
      case BruteForceMatch b -> null;
      default -> "a predictable pattern";
    };
  }

  private static String dictionary(DictionaryMatch match) {
    String what = switch (match.getDictionaryName()) {
      case StrengthEstimator.CONTEXT -> "your username or email address";
      case StrengthEstimator.PASSWORDS -> isDigits(match.getToken()) ? "a common number sequence"
          : match.getRank() <= 100 ? "a very common password" : "a common password";
      default -> "a common word or name";
    };
    if (match.isLeet()) {
      what += " with predictable substitutions (like @ for a)";
    }
    if (match.isReversed()) {
      what += " reversed";
    }
    return what;
  }

  private static boolean isDigits(String token) {
    return !token.isEmpty() && token.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
