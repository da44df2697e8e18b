package io.switchboard.identity.rest;

import io.switchboard.events.AccountRef;
import io.switchboard.identity.entity.LinkRequest;
import java.time.Instant;

/**
 * A link waiting for its code.
 *
 * @param linkId the id to confirm the code with
 * @param target the account the code was sent to
 * @param expiresAt when the code stops working
 * @param attemptsLeft wrong codes still allowed
 */
public record PendingLinkView(
    String linkId, AccountRef target, Instant expiresAt, int attemptsLeft) {

  public static PendingLinkView of(LinkRequest request) {
    return new PendingLinkView(
        request.id.toString(),
        AccountRef.of(request.targetPlatform, request.targetAccountId),
        request.expiresAt,
        request.attemptsLeft);
  }
}
