package dev.latchkey.demo.web;

import dev.latchkey.auth.core.password.PasswordPolicy;
import dev.latchkey.auth.core.session.RefreshPolicy;
import dev.latchkey.auth.http.javalin.DevMailbox;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * What the web pages need to know about the server they run in.
 *
 * @param baseUrl the public URL (links in mail, the OAuth callback URL shown to administrators)
 * @param selfRegistration whether the register page is offered
 * @param adminUsername the bootstrap administrator's username (the home page says how to sign in the first time)
 * @param refreshPolicy how long sessions last (the dashboard shows when this one ends)
 * @param passwordPolicy the rules new passwords must meet (shown before typing)
 * @param devMailbox the dev mailbox, when {@code LATCHKEY_DEV_MAILBOX=true} and no SMTP server is set; else null
 */
public record WebSettings(URI baseUrl, boolean selfRegistration, String adminUsername, RefreshPolicy refreshPolicy,
    PasswordPolicy passwordPolicy,
    @Nullable DevMailbox devMailbox) {}
