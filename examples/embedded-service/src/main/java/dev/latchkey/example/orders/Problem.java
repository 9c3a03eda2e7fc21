package dev.latchkey.example.orders;

import java.util.List;
import java.util.Objects;

/**
 * A refusal the service's handlers throw, answered by {@link HttpRules} as an RFC 9457 problem in the same shape as
 * Latchkey's own ({@code type}, {@code title}, {@code status}, {@code detail}, a stable {@code code} and, for
 * validation, {@code errors}), so a client reads the service's and Latchkey's refusals alike. The detail and the
 * field messages never quote the input.
 */
final class Problem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String code;
  final transient List<FieldError> errors;

  private Problem(int status, String code, String detail, List<FieldError> errors) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.errors = List.copyOf(errors);
  }

  static Problem of(int status, String code, String detail) {
    return new Problem(status, code, detail, List.of());
  }

  /** 400 {@code validation_failed}, naming each field at fault. */
  static Problem validation(List<FieldError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a validation problem names at least one field");
    }
    return new Problem(400, "validation_failed", "the request is invalid", errors);
  }

  static Problem validation(String field, String message) {
    return validation(List.of(new FieldError(field, message)));
  }

  /** 404 {@code not_found}: also what someone else's order is, so that no answer tells which ids exist. */
  static Problem orderNotFound() {
    return of(404, "not_found", "the order was not found");
  }

  /**
   * One invalid field.
   *
   * @param field its name as the client sent it
   * @param message what is wrong with it, without its value
   */
  record FieldError(String field, String message) {
    FieldError {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(message, "message");
    }
  }
}
