package io.switchboard.gateway.log;

import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;

/**
 * One message of a conversation log.
 *
 * @param conversationId the conversation
 * @param seq its number in the conversation, from 1, without gaps
 * @param eventId the CloudEvent id (unique: a message is logged once)
 * @param eventType the CloudEvent type
 * @param platform the app it was written on
 * @param sender the account that wrote it
 * @param senderPersonId the sender's person, when linked
 * @param request whether it landed in the recipient's requests
 * @param dataJson the event data as published, JSON
 */
public record LogEntry(
    String conversationId,
    long seq,
    String eventId,
    String eventType,
    Platform platform,
    AccountRef sender,
    String senderPersonId,
    boolean request,
    String dataJson) {
  /** The same entry with its number in the conversation. */
  public LogEntry withSeq(long number) {
    return new LogEntry(
        conversationId,
        number,
        eventId,
        eventType,
        platform,
        sender,
        senderPersonId,
        request,
        dataJson);
  }

  /** The same entry, in the person's message requests or not. */
  public LogEntry withRequest(boolean inRequests) {
    return new LogEntry(
        conversationId,
        seq,
        eventId,
        eventType,
        platform,
        sender,
        senderPersonId,
        inRequests,
        dataJson);
  }
}
