package dev.latchkey.auth.core.mail;

/**
 * What became of the mail an {@code Auth} instance sent since it was built ({@code Auth.mailStats()}); the HTTP module
 * exports these as counters.
 *
 * @param sent messages the {@link Mailer} accepted
 * @param failed messages the {@link Mailer} refused with an exception, or that could not be prepared (a store behind
 *     the link failed); logged without their body
 * @param dropped messages (or their preparation) never run because the mail queue was full
 */
public record MailStats(long sent, long failed, long dropped) {}
