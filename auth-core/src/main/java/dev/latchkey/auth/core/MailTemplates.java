package dev.latchkey.auth.core;

import dev.latchkey.auth.core.mail.MailMessage;
import dev.latchkey.auth.core.token.RawToken;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The plain-text messages Latchkey sends. Links come from the configured base URL, never from a request. */
final class MailTemplates {
  private final URI baseUrl;

  MailTemplates(URI baseUrl) {
    String text = baseUrl.toString();
    this.baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
  }

  String link(String path, RawToken token) {
    return baseUrl + path + "?token=" + URLEncoder.encode(token.reveal(), StandardCharsets.UTF_8);
  }

  MailMessage verification(String to, String username, RawToken token) {
    return new MailMessage(to, "Confirm your email address", "Hello " + username + ",\n\n"
        + "Please confirm your email address by opening this link within 24 hours:\n\n"
        + link("/verify-email", token) + "\n\n"
        + "If you did not create an account, ignore this message.\n");
  }

  MailMessage registrationAttempt(String to) {
    return new MailMessage(to, "Someone tried to register with your address", "Hello,\n\n"
        + "Someone tried to create an account with this email address, which already has one.\n"
        + "If it was you, log in instead, or reset your password at " + baseUrl + "/forgot-password\n"
        + "If it was not you, you can ignore this message: nothing changed.\n");
  }

  MailMessage passwordReset(String to, String username, RawToken token) {
    return new MailMessage(to, "Reset your password", "Hello " + username + ",\n\n"
        + "Open this link within one hour to choose a new password:\n\n"
        + link("/reset-password", token) + "\n\n"
        + "If you did not ask for this, ignore this message: your password stays as it is.\n");
  }

  MailMessage passwordChanged(String to, String username) {
    return new MailMessage(to, "Your password was changed", "Hello " + username + ",\n\n"
        + "The password of your account was just changed and your other sessions were signed out.\n"
        + "If this was not you, reset your password at once: " + baseUrl + "/forgot-password\n");
  }

  MailMessage emailChangeVerification(String newAddress, String username, RawToken token) {
    return new MailMessage(newAddress, "Confirm your new email address", "Hello " + username + ",\n\n"
        + "Please confirm that this is the new email address of your account by opening this link within 24 hours:\n\n"
        + link("/verify-email", token) + "\n\n"
        + "Until you do, your account keeps its current address. If you did not ask for this, ignore this message.\n");
  }

  MailMessage emailChangeRequested(String oldAddress, String username, String newAddress) {
    return new MailMessage(oldAddress, "A change of your email address was requested", "Hello " + username + ",\n\n"
        + "Someone signed in to your account asked to change its email address to " + newAddress + ".\n"
        + "Nothing changes until that address is confirmed; until then this address stays your login.\n"
        + "If this was not you, reset your password at once (that cancels the change): " + baseUrl
        + "/forgot-password\n");
  }

  MailMessage emailChanged(String oldAddress, String username, String newAddress) {
    return new MailMessage(oldAddress, "Your email address was changed", "Hello " + username + ",\n\n"
        + "The email address of your account was changed to " + newAddress + ".\n"
        + "If this was not you, contact your administrator at once.\n");
  }

  MailMessage oauthLinks(String to, String username, String change) {
    return new MailMessage(to, "The sign-in methods of your account changed", "Hello " + username + ",\n\n"
        + change + "\n\nIf this was not you, reset your password at once: " + baseUrl + "/forgot-password\n");
  }
}
