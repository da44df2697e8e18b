package io.switchboard.identity.rest;

import java.util.List;

/**
 * Registers a person with their first account, as vouched for by the mesh service that
 * authenticated them (an adapter for a platform account, the gateway for a device).
 *
 * @param account the first account
 * @param aliases other identifiers of that account (WhatsApp: wa_id, BSUID, phone)
 */
public record CreatePersonRequest(AccountInput account, List<AliasInput> aliases) {
  public CreatePersonRequest {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
  }
}
