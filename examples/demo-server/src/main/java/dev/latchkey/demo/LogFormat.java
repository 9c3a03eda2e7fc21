package dev.latchkey.demo;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code LATCHKEY_LOG_FORMAT}: {@code json} (the default: one JSON object per line) or {@code text} (one line for
 * people). logback.xml asks this class which of its two appenders to use before anything is logged; an invalid value
 * logs JSON, and {@link DemoConfig#fromEnv} then stops the start naming the variable.
 */
public final class LogFormat extends PropertyDefinerBase {
  static final String VARIABLE = "LATCHKEY_LOG_FORMAT";

  /** Creates the definer (logback instantiates it). */
  public LogFormat() {}

  /** The appender's name for the process environment's setting. */
  @Override
  public String getPropertyValue() {
    String value = System.getenv(VARIABLE);
    return isValid(value) ? normalize(value) : "json";
  }

  /** Whether {@code value} is unset, empty, {@code json} or {@code text}. */
  static boolean isValid(@Nullable String value) {
    return value == null || value.isBlank() || normalize(value).equals("json") || normalize(value).equals("text");
  }

  private static String normalize(@Nullable String value) {
    return value == null || value.isBlank() ? "json" : value.strip().toLowerCase(Locale.ROOT);
  }
}
