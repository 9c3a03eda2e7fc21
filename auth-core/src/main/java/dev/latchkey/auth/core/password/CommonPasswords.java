package dev.latchkey.auth.core.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The bundled list of common passwords: the entries of at least 8 characters from the zxcvbn-ts common list (MIT
 * licence, see {@code common-passwords.LICENSE}); shorter ones are refused by the length rule anyway. Loaded once, on
 * first use.
 */
final class CommonPasswords {
  private static final String RESOURCE = "common-passwords.txt";

  private CommonPasswords() {}

  static boolean contains(String foldedPassword) {
    return Holder.WORDS.contains(foldedPassword);
  }

  static int size() {
    return Holder.WORDS.size();
  }

  private static final class Holder {
    static final Set<String> WORDS = load();

    private static Set<String> load() {
      try (InputStream in = CommonPasswords.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESOURCE);
        }
        Set<String> words = new HashSet<>(40_000);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (!line.isBlank()) {
            words.add(line.strip().toLowerCase(Locale.ROOT));
          }
        }
        return Set.copyOf(words);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
