package io.switchboard.whatsapp.chats;

import java.time.Instant;

/**
 * What operators see of one chat: how many messages the bridge published for it and when the last
 * one was sent. Counts and times only, never content or members.
 *
 * @param chatId the conversation id: {@code whatsapp:<phone-number-id>:<user>} for a direct chat,
 *     {@code whatsapp:group:<group-id>} for a group
 * @param messages messages published to {@code inbound.whatsapp}, each counted once
 * @param lastMessageAt WhatsApp's time of the latest of them
 */
public record ChatStats(String chatId, long messages, Instant lastMessageAt) {}
