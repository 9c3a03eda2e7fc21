package dev.latchkey.auth.core.mail;

/**
 * What became of the mail an {@code Auth} instance sent since it was built ({@code Auth.mailStats()}); the HTTP module
 * exports these as counters.
 *
 * @param sent messages the {@link Mailer} accepted
 * @param failed messages the {@link Mailer} refused with an exception (logged without their body)
 * @param dropped messages never handed to the {@link Mailer} because the mail queue was full
 */
public record MailStats(long sent, long failed, long dropped) {}
