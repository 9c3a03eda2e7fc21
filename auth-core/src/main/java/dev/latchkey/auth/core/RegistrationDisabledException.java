package dev.latchkey.auth.core;

/** Self-registration is switched off ({@code AccountPolicy.selfRegistration}). Code {@code registration_disabled}. */
public final class RegistrationDisabledException extends AuthException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public RegistrationDisabledException() {
    super("self-registration is disabled", null);
  }

  @Override
  public String code() {
    return "registration_disabled";
  }
}
