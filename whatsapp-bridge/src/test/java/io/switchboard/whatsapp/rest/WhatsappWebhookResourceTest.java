package io.switchboard.whatsapp.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.adapter.testing.MetaWebhookResourceContract;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.events.EventIds;
import io.switchboard.events.EventType;
import io.switchboard.events.Platform;
import io.switchboard.events.topics.Topics;
import io.switchboard.whatsapp.Webhooks;
import java.util.List;

/**
 * The WhatsApp webhook end to end, held to the contract every Meta webhook edge keeps: a signed
 * batch is on {@code inbound.whatsapp} before the 200; a forged, missing or stale signature and
 * malformed JSON write nothing; the handshake checks the verify token.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class WhatsappWebhookResourceTest extends MetaWebhookResourceContract {
  @Override
  protected String path() {
    return Webhooks.PATH;
  }

  @Override
  protected String appSecret() {
    return Webhooks.APP_SECRET;
  }

  @Override
  protected String verifyToken() {
    return "test-whatsapp-verify-token";
  }

  @Override
  protected String topic() {
    return Topics.INBOUND_WHATSAPP;
  }

  @Override
  protected String batchResource() {
    return "/webhooks/batch.json";
  }

  @Override
  protected String lastEventMessageIdPointer() {
    return "/entry/0/changes/0/value/messages/1/reaction/message_id";
  }

  @Override
  protected String batchText() {
    return "See you at noon?";
  }

  @Override
  protected String object() {
    return "whatsapp_business_account";
  }

  @Override
  protected List<EventType> batchTypes() {
    return List.of(EventType.MESSAGE_CREATED, EventType.REACTION_ADDED);
  }

  @Override
  protected String firstEventId() {
    return EventIds.forPlatformEvent(
        Platform.WHATSAPP,
        EventType.MESSAGE_CREATED,
        "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQkFUQ0hURVhUMDAwMQ==");
  }

  @Override
  protected String batchKey() {
    return Webhooks.DIRECT;
  }

  @Override
  protected String source() {
    return "/switchboard/whatsapp-bridge";
  }
}
