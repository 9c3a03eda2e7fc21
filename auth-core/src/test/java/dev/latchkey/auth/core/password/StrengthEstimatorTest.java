package dev.latchkey.auth.core.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import me.gosimple.nbvcxz.matching.match.DictionaryMatch;
import me.gosimple.nbvcxz.matching.match.Match;
import me.gosimple.nbvcxz.matching.match.RepeatMatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The estimator's own parts: the compact word list, the dictionary and repeat matchers, the analysed window. */
class StrengthEstimatorTest {
  private final StrengthEstimator estimator = StrengthEstimator.shared();

  @Test
  @DisplayName("a word list keeps each word once with its lowest rank, in lower case, and finds ranges of text")
  void wordList() {
    WordList list = new WordList.Builder(2).add("Monkey", 7).add("monkey", 3).add("dragon", 9).add("ĳssel€", 1)
        .add("café", 4).build();
    assertThat(list.size()).isEqualTo(3); // the word with a character outside Latin-1 is skipped
    assertThat(list.rank("monkey")).isEqualTo(3);
    assertThat(list.rank("café")).isEqualTo(4);
    assertThat(list.rank("monke")).isZero();
    char[] text = "xxdragonxx".toCharArray();
    assertThat(list.rank(text, 2, 8)).isEqualTo(9);
    assertThat(list.rank(WordList.rawHash(text, 2, 8), text, 2, 8)).isEqualTo(9);
    assertThat(list.rank(text, 2, 7)).isZero();
    assertThat(list.maxLength()).isEqualTo(6);
    assertThat(list.countAtLeast(5)).isEqualTo(2);
  }

  @Test
  @DisplayName("the corpus holds tens of thousands of common passwords of 8 characters or more, some of 15 or more")
  void corpus() {
    WordList passwords = estimator.passwords();
    assertThat(passwords.countAtLeast(PasswordPolicy.LOWEST_MINIMUM)).isGreaterThan(30_000);
    assertThat(passwords.countAtLeast(15)).isGreaterThan(50);
    assertThat(passwords.rank("1qaz2wsx3edc4rfv")).isPositive();
    assertThat(passwords.rank("qwertyuiopasdfgh")).isPositive();
  }

  @Test
  @DisplayName("dictionary parts are found in any case, reversed and in l33t, each with its list's rank")
  void dictionaryParts() {
    WordList list = new WordList.Builder(4).add("dragon", 9).add("monkey", 3).build();
    DictionaryPatterns patterns = new DictionaryPatterns(List.of(new DictionaryPatterns.Source("t", list, false)));
    assertThat(patterns.match(null, "xDr@g0nx")).singleElement().isInstanceOfSatisfying(DictionaryMatch.class, m -> {
      assertThat(m.isLeet()).isTrue();
      assertThat(m.getRank()).isEqualTo(9);
      assertThat(m.getToken()).isEqualTo("Dr@g0n");
      assertThat(m.getDictionaryValue()).isEqualTo("dragon");
    });
    assertThat(patterns.match(null, "YEKNOM")).singleElement().isInstanceOfSatisfying(DictionaryMatch.class, m -> {
      assertThat(m.isReversed()).isTrue();
      assertThat(m.getRank()).isEqualTo(3);
    });
    assertThat(patterns.match(null, "n0thing h3re")).isEmpty();
    assertThat(estimator.estimate("P@ssw0rd").entropyBits()).isLessThan(15);
  }

  @Test
  @DisplayName("the user's identifiers and their pieces count as no strength at all")
  void contextWords() {
    StrengthEstimator.Estimate withContext = estimator.estimate("quorvex.dalmire", "qdal", "quorvex.dalmire@acme.io");
    assertThat(withContext.entropyBits()).isZero();
    assertThat(estimator.estimate("dalmire", "qdal", "quorvex.dalmire@acme.io").entropyBits()).isZero();
    assertThat(estimator.estimate("quorvex.dalmire").entropyBits()).isGreaterThan(40);
  }

  @Test
  @DisplayName("repeats are the longest run of copies of a unit of at most 4 distinct characters")
  void repeats() {
    List<Match> matches = new RepeatPatterns().match(null, "xy20242024abcabcabc!aaaa");
    assertThat(matches).hasSize(3).allMatch(RepeatMatch.class::isInstance);
    assertThat(matches).extracting(m -> ((RepeatMatch) m).getRepeatingCharacters())
        .containsExactly("2024", "abc", "a");
    assertThat(matches).extracting(Match::getToken).containsExactly("20242024", "abcabcabc", "aaaa");
    assertThat(new RepeatPatterns().match(null, "horsebhorseb")).isEmpty(); // 5 distinct: two dictionary words
  }

  @Test
  @DisplayName("only the first 64 characters are analysed")
  void window() {
    String longest = "19871987".repeat(32);
    StrengthEstimator.Estimate estimate = estimator.estimate(longest);
    assertThat(estimate.matches().stream().mapToInt(m -> m.getToken().length()).sum())
        .isEqualTo(StrengthEstimator.WINDOW);
  }

  @Test
  @DisplayName("reasons name the patterns in order and never a character of the password")
  void reasons() {
    String reason = GuessablePatterns.describe(estimator.estimate("monkey1234567890").matches());
    assertThat(reason).isEqualTo("a very common password followed by a common number sequence");
    assertThat(GuessablePatterns.describe(estimator.estimate("qwertyqwertyqwerty").matches()))
        .isEqualTo("a very common password repeated");
  }
}
