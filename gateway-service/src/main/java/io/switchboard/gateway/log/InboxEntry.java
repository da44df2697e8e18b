package io.switchboard.gateway.log;

import io.switchboard.events.AccountRef;
import java.time.Instant;
import java.util.List;

/**
 * One conversation of a person's inbox as one of their devices sees it.
 *
 * @param kind {@code direct} or {@code group}
 * @param ackedSeq how far the device acknowledged (0 when it never did)
 * @param unread messages written by others after the device's cursor
 * @param request whether the conversation sits in the person's message requests: every message
 *     others wrote in it landed there, and the person never wrote in it
 * @param lastAt when its latest entry was appended, or when it was created when it has none
 * @param accounts the app accounts that wrote or were written to in it
 */
public record InboxEntry(
    String conversationId,
    String kind,
    String name,
    String theme,
    long lastSeq,
    long ackedSeq,
    long unread,
    boolean request,
    Instant lastAt,
    List<String> members,
    List<AccountRef> accounts) {}
