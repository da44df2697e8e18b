package io.switchboard.identity.rest;

/**
 * The app a person last wrote from, as the gateway saw it.
 *
 * @param platform instagram, messenger, whatsapp or switchboard
 */
public record LastUsedRequest(String platform) {}
