package dev.latchkey.auth.core;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Input was malformed: each {@link FieldError} names the field and what is wrong with it (never its value). Code
 * {@code validation_failed}.
 */
public final class ValidationException extends AuthException {
  private static final long serialVersionUID = 1L;
  private final List<FieldError> errors;

  /** Creates the exception from at least one field error. */
  public ValidationException(List<FieldError> errors) {
    this(errors, null);
  }

  /**
   * Creates the exception keeping what found the input invalid (a store's data error) as its cause; the cause's
   * message must be as free of the value as the field errors are.
   */
  public ValidationException(List<FieldError> errors, @Nullable Throwable cause) {
    super(describe(errors), cause);
    this.errors = List.copyOf(errors);
  }

  /** Shorthand for a single field error. */
  public static ValidationException of(String field, String message) {
    return new ValidationException(List.of(new FieldError(field, message)));
  }

  /** The field errors, in the order they were found. */
  public List<FieldError> errors() {
    return errors;
  }

  @Override
  public String code() {
    return "validation_failed";
  }

  private static String describe(List<FieldError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a validation failure needs at least one field error");
    }
    return errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
  }

  /**
   * One invalid field.
   *
   * @param field the field's name as the caller sent it (snake_case over HTTP)
   * @param message what is wrong, without echoing the value
   */
  public record FieldError(String field, String message) {
    /** Validates that both parts are present. */
    public FieldError {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(message, "message");
    }
  }
}
