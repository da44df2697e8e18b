package io.switchboard.identity.rest;

import io.switchboard.events.AccountRef;
import java.util.List;

/**
 * A person's linked accounts and the links still waiting for a code.
 *
 * @param accounts every linked account
 * @param pending links started and neither confirmed nor expired
 */
public record LinksView(List<AccountRef> accounts, List<PendingLinkView> pending) {}
