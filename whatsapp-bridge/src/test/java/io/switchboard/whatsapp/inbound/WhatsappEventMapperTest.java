package io.switchboard.whatsapp.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.adapter.meta.MetaEventMapper;
import io.switchboard.events.AccountRef;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.MediaRef;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.Receipt;
import io.switchboard.service.rest.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mapping's edge cases, without a broker: what is refused, what is counted, whose id wins. */
class WhatsappEventMapperTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final WhatsappEventMapper mapper =
      new WhatsappEventMapper(
          "https://media.example/v1/",
          1024,
          Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
          meters);

  @Test
  void refusesAWebhookForAnotherObject() {
    assertThatThrownBy(() -> map("{\"object\":\"page\",\"entry\":[]}"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.error()).isEqualTo("unsupported_object"));
  }

  @Test
  void refusesMessagesWithoutTheBusinessNumber() {
    String webhook =
        """
        {"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{
          "messages":[{"from":"1","id":"wamid.a","timestamp":"1","type":"text","text":{"body":"x"}}]
        }}]}]}""";

    assertThatThrownBy(() -> map(webhook))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.error()).isEqualTo("malformed_body"));
  }

  @Test
  void refusesAMessageWithoutAValidTimestampOrSender() {
    assertThatThrownBy(
            () ->
                map(
                    messages(
                        "{\"from\":\"1\",\"id\":\"wamid.a\",\"timestamp\":\"soon\","
                            + "\"type\":\"text\",\"text\":{\"body\":\"x\"}}")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(
            () ->
                map(
                    messages(
                        "{\"id\":\"wamid.a\",\"timestamp\":\"1\","
                            + "\"type\":\"text\",\"text\":{\"body\":\"x\"}}")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void aSenderIsNamedByTheWaIdTheContactGivesForItsBsuidOrByFromWithoutThePlus() {
    String webhook =
        """
        {"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{
          "metadata":{"phone_number_id":"P1"},
          "contacts":[{"profile":{"name":"n"},"wa_id":"999","user_id":"US.1"},{"user_id":"US.2"}],
          "messages":[
            {"from_user_id":"US.1","id":"wamid.a","timestamp":"1","type":"text","text":{"body":"x"}},
            {"from_user_id":"US.2","id":"wamid.b","timestamp":"1","type":"text","text":{"body":"y"}},
            {"from":"+777","group_id":"G","id":"wamid.c","timestamp":"1","type":"text",
             "text":{"body":"z"}}]
        }}]}]}""";

    List<MeshEvent<EventData>> events = map(webhook);

    assertThat(events)
        .extracting(event -> ((MessageCreated) event.data()).sender())
        .containsExactly(
            AccountRef.of(Platform.WHATSAPP, "999"),
            AccountRef.of(Platform.WHATSAPP, "US.2"),
            AccountRef.of(Platform.WHATSAPP, "777"));
  }

  @Test
  void mediaByIdIsReferencedUnderTheConfiguredBase() {
    MessageCreated message =
        (MessageCreated)
            map(messages(
                    "{\"from\":\"1\",\"id\":\"wamid.a\",\"timestamp\":\"1\",\"type\":\"image\","
                        + "\"image\":{\"id\":\"42\",\"mime_type\":\"image/png\"}}"))
                .get(0)
                .data();

    assertThat(((PlainContent) message.content()).attachments())
        .containsExactly(new MediaRef("image", "https://media.example/v1/42", "image/png", null));
  }

  @Test
  void aGroupStatusWithoutAMemberIsTheBusinessNumbersAndAFailureWithoutCodeIsUnknown() {
    String webhook =
        """
        {"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{
          "metadata":{"phone_number_id":"P1"},
          "statuses":[
            {"id":"wamid.g","status":"sent","timestamp":"5","recipient_id":"G1","recipient_type":"group"},
            {"id":"wamid.f","status":"failed","timestamp":"6","recipient_id":"U1"}]
        }}]}]}""";

    List<Receipt> receipts = map(webhook).stream().map(e -> (Receipt) e.data()).toList();

    assertThat(receipts.get(0).conversationId()).isEqualTo("whatsapp:group:G1");
    assertThat(receipts.get(0).account()).isEqualTo(AccountRef.of(Platform.WHATSAPP, "P1"));
    assertThat(receipts.get(1).errorCode()).isEqualTo(WhatsappReceipts.UNKNOWN_ERROR);
  }

  @Test
  void whatIsNotMappedIsCountedByKind() {
    String webhook =
        """
        {"object":"whatsapp_business_account","entry":[{"changes":[
          {"field":"message_template_status_update","value":{"event":"APPROVED"}},
          {"field":"messages","value":{
            "metadata":{"phone_number_id":"P1"},
            "messages":[
              {"from":"1","timestamp":"1","type":"text","text":{"body":"no id"}},
              {"from":"1","id":"wamid.o","timestamp":"1","type":"order","order":{}},
              {"from":"1","id":"wamid.r","timestamp":"1","type":"reaction","reaction":{"emoji":"x"}}],
            "statuses":[{"id":"wamid.d","status":"deleted","timestamp":"1","recipient_id":"1"}],
            "errors":[{"code":131000,"title":"Something went wrong"}]}}]}]}""";

    assertThat(map(webhook)).isEmpty();
    assertThat(unknown("changes.message_template_status_update")).isEqualTo(1);
    assertThat(unknown("message.without_id")).isEqualTo(1);
    assertThat(unknown("message.order")).isEqualTo(1);
    assertThat(unknown("reaction.without_message_id")).isEqualTo(1);
    assertThat(unknown("status.deleted")).isEqualTo(1);
    assertThat(unknown("errors")).isEqualTo(1);
  }

  private double unknown(String kind) {
    return meters
        .counter(MetaEventMapper.UNKNOWN_METER, "platform", "whatsapp", "kind", kind)
        .count();
  }

  private static String messages(String message) {
    return """
        {"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{
          "metadata":{"phone_number_id":"P1"},"messages":[%s]}}]}]}"""
        .formatted(message);
  }

  private List<MeshEvent<EventData>> map(String webhook) {
    try {
      return mapper.toEvents(JSON.readValue(webhook, WhatsappWebhook.class));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
