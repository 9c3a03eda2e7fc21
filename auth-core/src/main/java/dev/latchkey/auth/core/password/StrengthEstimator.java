package dev.latchkey.auth.core.password;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.matching.DateMatcher;
import me.gosimple.nbvcxz.matching.PasswordMatcher;
import me.gosimple.nbvcxz.matching.SeparatorMatcher;
import me.gosimple.nbvcxz.matching.SequenceMatcher;
import me.gosimple.nbvcxz.matching.SpacialMatcher;
import me.gosimple.nbvcxz.matching.YearMatcher;
import me.gosimple.nbvcxz.matching.match.Match;
import me.gosimple.nbvcxz.resources.AdjacencyGraph;
import me.gosimple.nbvcxz.resources.AdjacencyGraphUtil;
import me.gosimple.nbvcxz.resources.Configuration;
import me.gosimple.nbvcxz.scoring.Result;
import org.jspecify.annotations.Nullable;

/**
 * Estimates how many guesses an attacker who knows how people choose passwords needs for one: nbvcxz (a Java port of
 * Dropbox's zxcvbn) splits the password into the cheapest sequence of patterns (listed passwords and words, also
 * reversed or in l33t, names, keyboard walks, sequences, repeats, years, dates, the user's own identifiers) and sums
 * their entropy; parts that fit no pattern count as brute force.
 *
 * <p>One instance is shared by every {@link PasswordPolicy}, built on first use (~0.3 s, ~2.5 MiB of heap for
 * ~90,000 words), so that building an {@code Auth} costs nothing until a password is set. Nbvcxz keeps no state
 * between estimates and the lists are immutable: thread-safe.
 */
final class StrengthEstimator {
  /** The dictionary name of matches on the user's own identifiers. */
  static final String CONTEXT = "context";
  /** The dictionary name of matches on listed passwords. */
  static final String PASSWORDS = "passwords";
  /** The dictionary name of matches on words and names. */
  static final String WORDS = "words";

  private static final String NBVCXZ_LISTS = "/dictionaries/";
  /**
   * nbvcxz's password list ranks 100,000 leaked passwords and then appends XKCD 936's two spellings of "correct horse
   * battery staple". This project's documentation and tests use that phrase as their example passphrase, so only the
   * ranked part is read; the phrase is still judged like any other (four ordinary words: ~53 bits).
   */
  private static final int RANKED_PASSWORDS = 100_000;
  /**
   * Passwords shorter than the lowest minimum length (8) only matter as parts of longer ones ("monkey" in
   * "monkey1234567890"): zxcvbn keeps the 30,000 most common, whose ranks cost an attacker up to ~15 bits; the rarer
   * ones would add ~1 MiB of heap and as little strength as the brute force they replace. Longer ones are kept from
   * all 100,000: they are also the corpus refused outright.
   */
  private static final int COMMON_PARTS = 30_000;
  private static final int SURNAMES = 10_000; // zxcvbn's cut: rarer surnames add memory, not protection
  private static final int EFF_RANK = 3_888; // nbvcxz ranks its unranked EFF list at half its 7,776 words
  /**
   * How much of a password is analysed: its first 64 characters (NIST's suggested maximum). Pattern matching grows
   * with the square of the length (a 256-character input cost ~100 ms); a password whose first 64 characters are hard
   * to guess is hard to guess.
   */
  static final int WINDOW = 64;

  private final WordList passwords;
  private final WordList words;
  private final List<PasswordMatcher> matchers;
  private final List<AdjacencyGraph> keyboards;
  private final Pattern years = Pattern.compile("19\\d\\d|20\\d\\d");

  private StrengthEstimator() {
    this.passwords = new WordList.Builder(60_000)
        .addResource(Nbvcxz.class, NBVCXZ_LISTS + "passwords.txt", COMMON_PARTS, 0, 1)
        .addResource(Nbvcxz.class, NBVCXZ_LISTS + "passwords.txt", RANKED_PASSWORDS, 0, PasswordPolicy.LOWEST_MINIMUM)
        .addResource(StrengthEstimator.class, CommonPasswords.RESOURCE, Integer.MAX_VALUE, 0, 1)
        .build();
    this.words = new WordList.Builder(40_000)
        .addResource(Nbvcxz.class, NBVCXZ_LISTS + "english.txt", Integer.MAX_VALUE, 0, 1)
        .addResource(Nbvcxz.class, NBVCXZ_LISTS + "female-names.txt", Integer.MAX_VALUE, 0, 1)
        .addResource(Nbvcxz.class, NBVCXZ_LISTS + "male-names.txt", Integer.MAX_VALUE, 0, 1)
        .addResource(Nbvcxz.class, NBVCXZ_LISTS + "surnames.txt", SURNAMES, 0, 1)
        .addResource(Nbvcxz.class, NBVCXZ_LISTS + "eff_large.txt", Integer.MAX_VALUE, EFF_RANK, 1)
        .build();
    this.matchers = List.of(new OnlyWithDateRun(new DateMatcher()), new YearMatcher(), new RepeatPatterns(), new SequenceMatcher(),
        new SpacialMatcher(), new SeparatorMatcher());
    this.keyboards = List.of(new AdjacencyGraph("Qwerty", AdjacencyGraphUtil.qwerty),
        new AdjacencyGraph("Standard Keypad", AdjacencyGraphUtil.standardKeypad),
        new AdjacencyGraph("Mac Keypad", AdjacencyGraphUtil.macKeypad));
  }

  /** The shared instance, built on first use. */
  static StrengthEstimator shared() {
    return Holder.INSTANCE;
  }

  /** The listed common passwords (nbvcxz's and the bundled zxcvbn-ts list), lower case. */
  WordList passwords() {
    return passwords;
  }

  /**
   * Estimates a password.
   *
   * @param password the candidate (already NFKC-normalised)
   * @param contextWords the user's identifiers; a part equal to one of them (or to a piece of one) counts as nothing
   * @return the cheapest split nbvcxz finds and its entropy in bits
   */
  Estimate estimate(String password, @Nullable String... contextWords) {
    List<DictionaryPatterns.Source> sources = new ArrayList<>(3);
    WordList context = contextList(contextWords);
    if (context.size() > 0) {
      sources.add(new DictionaryPatterns.Source(CONTEXT, context, true));
    }
    sources.add(new DictionaryPatterns.Source(PASSWORDS, passwords, false));
    sources.add(new DictionaryPatterns.Source(WORDS, words, false));
    List<PasswordMatcher> all = new ArrayList<>(matchers);
    all.add(new DictionaryPatterns(sources));
    // The cheap "good enough" split only (timeout 0): nbvcxz's exhaustive search is exponential in the number of
    // matches and stops on a wall-clock timeout, which would make a verdict depend on the machine's load.
    Configuration configuration = new Configuration(all, Map.of(), List.of(), keyboards, Map.of(), years, 0d,
        WINDOW, Locale.ROOT, false, 0L);
    Result result = new Nbvcxz(configuration).estimate(password);
    return new Estimate(result.getEntropy(), List.copyOf(result.getMatches()));
  }

  /** The user's identifiers and their pieces (email local part, its dot-separated parts, the domain's name). */
  private static WordList contextList(@Nullable String... contextWords) {
    Set<String> pieces = new LinkedHashSet<>();
    for (String word : contextWords) {
      if (word == null || word.isBlank()) {
        continue;
      }
      String lower = word.strip().toLowerCase(Locale.ROOT);
      pieces.add(lower);
      int at = lower.indexOf('@');
      if (at > 0) {
        String local = lower.substring(0, at);
        pieces.add(local);
        pieces.addAll(List.of(local.split("[._+-]")));
        String[] labels = lower.substring(at + 1).split("\\.");
        for (int i = 0; i < labels.length - 1; i++) {
          pieces.add(labels[i]);
        }
      } else {
        pieces.addAll(List.of(lower.split("[._+-]")));
      }
    }
    WordList.Builder list = new WordList.Builder(pieces.size());
    for (String piece : pieces) {
      if (piece.length() >= 3) {
        list.add(piece, 1);
      }
    }
    return list.build();
  }

  /**
   * An estimate.
   *
   * @param entropyBits log2 of the guesses needed
   * @param matches the parts, in order, covering the whole password
   */
  record Estimate(double entropyBits, List<Match> matches) {}

  /**
   * Runs nbvcxz's date matcher only on passwords that could hold a date: it tries three regular expressions on every
   * substring (a third of an estimate's time, or more), and every date it finds ({@code 131287}, {@code 1-1-91}) is a
   * run of at least 6 digits and separators.
   */
  private record OnlyWithDateRun(PasswordMatcher dates) implements PasswordMatcher {
    @Override
    public List<Match> match(Configuration configuration, String password) {
      int run = 0;
      for (int i = 0; i < password.length(); i++) {
        char c = password.charAt(i);
        run = (c >= '0' && c <= '9') || " -/\\_.".indexOf(c) >= 0 || Character.isWhitespace(c) ? run + 1 : 0;
        if (run >= 6) {
          return dates.match(configuration, password);
        }
      }
      return List.of();
    }
  }

  private static final class Holder {
    static final StrengthEstimator INSTANCE = new StrengthEstimator();
  }
}
