package io.switchboard.identity.rest;

import io.switchboard.events.AccountRef;
import java.util.List;

/**
 * An account's identifiers over time.
 *
 * @param account the account, by its current id
 * @param aliases every alias it had, oldest first
 */
public record AliasesView(AccountRef account, List<AliasView> aliases) {}
