package dev.latchkey.auth.core;

/**
 * Counts for an administrator's overview, from {@link AdminOperations#stats()}. The "last 24 hours" figures are read
 * from the audit log and the users' last-login times.
 *
 * @param users every user, active or not
 * @param activeUsers24h users whose last successful login (password or provider) was within the last 24 hours
 * @param sessionsActive live sessions of all users
 * @param logins24h successful logins in the last 24 hours
 * @param failedLogins24h refused logins in the last 24 hours (wrong password, unknown or locked identifier, …)
 * @param lockedAccounts existing users whose username or email is locked out of password login right now (at most
 *     {@link AdminOperations#MAX_LOCKED_COUNTED} identifiers are examined)
 */
public record AuthStats(
    long users, long activeUsers24h, long sessionsActive, long logins24h, long failedLogins24h, long lockedAccounts) {}
