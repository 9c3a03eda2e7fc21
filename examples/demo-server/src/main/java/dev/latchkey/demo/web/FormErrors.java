package dev.latchkey.demo.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What was wrong with a submitted form: messages per field (shown next to the field and in the summary at the top,
 * which links to the field) and messages about the form as a whole. Also keeps the submitted values to show again
 * (never passwords).
 */
public final class FormErrors {
  private final Map<String, String> fields = new LinkedHashMap<>();
  private final List<String> general = new ArrayList<>();
  private final Map<String, String> values = new LinkedHashMap<>();

  /** No errors yet. */
  public static FormErrors none() {
    return new FormErrors();
  }

  /** Adds a message about one field (the first message per field wins); answers this. */
  public FormErrors field(String field, String message) {
    fields.putIfAbsent(field, message);
    return this;
  }

  /** Adds a message about the whole form; answers this. */
  public FormErrors form(String message) {
    general.add(message);
    return this;
  }

  /** Keeps a submitted value to show again; answers this. */
  public FormErrors value(String field, @Nullable String value) {
    if (value != null) {
      values.put(field, value);
    }
    return this;
  }

  /** The message for a field, or null. */
  public @Nullable String of(String field) {
    return fields.get(field);
  }

  /** The submitted value of a field, or the empty string. */
  public String valueOf(String field) {
    return values.getOrDefault(field, "");
  }

  /** Field messages in the order added. */
  public Map<String, String> fields() {
    return Collections.unmodifiableMap(fields);
  }

  /** Form-wide messages. */
  public List<String> general() {
    return Collections.unmodifiableList(general);
  }

  /** Whether there is anything to show. */
  public boolean any() {
    return !fields.isEmpty() || !general.isEmpty();
  }
}
