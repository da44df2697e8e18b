package io.switchboard.identity.rest;

/**
 * Starts linking another app's account to the person.
 *
 * @param from one of the person's accounts, the one they are using
 * @param target the account to link: Instagram, Messenger or WhatsApp; a one-time code goes there
 */
public record StartLinkRequest(AccountInput from, AccountInput target) {}
