package io.switchboard.gateway.fanout;

import io.switchboard.events.AccountRef;
import java.util.List;
import java.util.Set;

/**
 * What to do with one inbound message: drop it (with the reason, for metrics), or append it to the
 * conversation log for its member persons and send it to the recipient's other apps.
 *
 * @param dropReason why the message goes nowhere, or null when it is delivered
 * @param request whether it lands in the recipient's requests rather than the inbox
 * @param senderPersonId the sender's person, if the sender is linked
 * @param memberPersonIds the persons whose devices see the conversation
 * @param appTargets the recipient's app accounts to send it to, one outbound record each
 * @param noE2eEndpoint sealed content with nowhere end-to-end to go: report it failed
 */
public record FanoutPlan(
    String dropReason,
    boolean request,
    String senderPersonId,
    Set<String> memberPersonIds,
    List<AccountRef> appTargets,
    boolean noE2eEndpoint) {
  public static final String NO_PERSON = "no_person";
  public static final String BLOCKED = "blocked";
  public static final String REFUSED = "refused";
  public static final String CROSS_APP_OFF = "cross_app_off";

  public static FanoutPlan drop(String reason) {
    return new FanoutPlan(reason, false, null, Set.of(), List.of(), false);
  }

  /** The same plan without reporting sealed content that no endpoint can take. */
  public FanoutPlan withoutNoE2eReport() {
    return new FanoutPlan(dropReason, request, senderPersonId, memberPersonIds, appTargets, false);
  }

  public boolean dropped() {
    return dropReason != null;
  }
}
