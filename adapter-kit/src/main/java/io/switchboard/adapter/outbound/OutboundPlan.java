package io.switchboard.adapter.outbound;

import io.switchboard.events.AccountRef;
import java.util.List;

/**
 * What a platform mapping makes of one outbound event: calls to make, a refusal that ends as a
 * {@code failed} delivery status, or nothing to do.
 */
public sealed interface OutboundPlan {
  /**
   * Calls to make, in order, from one page or account to one recipient.
   *
   * @param pageId the page or account the calls are made as (the URL's node)
   * @param recipient the account the calls reach
   * @param requests at least one
   */
  record Send(String pageId, AccountRef recipient, List<SendRequest> requests)
      implements OutboundPlan {
    public Send {
      requests = List.copyOf(requests);
      if (requests.isEmpty()) {
        throw new IllegalArgumentException("a send needs at least one request");
      }
    }
  }

  /**
   * The event cannot be delivered to this app (sealed content, no recipient): reported as failed.
   *
   * @param recipient the account it was meant for, when known
   * @param reason a stable code, e.g. {@code recipient-has-no-e2e-endpoint}
   * @param explanation readable, never message content
   */
  record Refuse(AccountRef recipient, String reason, String explanation) implements OutboundPlan {}

  /**
   * Nothing to send and nothing to report: a stale typing indicator, a receipt other than read.
   *
   * @param why for the debug log
   */
  record Skip(String why) implements OutboundPlan {}
}
