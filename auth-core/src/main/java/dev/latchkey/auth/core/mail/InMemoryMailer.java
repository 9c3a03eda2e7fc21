package dev.latchkey.auth.core.mail;

/**
 * A {@link Mailer} that only keeps messages in this process's memory (a test's capture, a development mailbox) and so
 * never blocks: {@code Auth} calls it on the request thread, and a message is there as soon as the call returns. Any
 * mailer that talks to a network must not implement it: those run on the mail executor, so that a known address
 * does not cost a request an SMTP round trip.
 */
public interface InMemoryMailer extends Mailer {}
