package io.switchboard.identity.rest;

import io.switchboard.events.Platform;

/**
 * An account in a request.
 *
 * @param platform instagram, messenger, whatsapp or switchboard
 * @param accountId the platform's id for the account (IGSID, PSID, wa_id or BSUID, device id)
 */
public record AccountInput(Platform platform, String accountId) {}
