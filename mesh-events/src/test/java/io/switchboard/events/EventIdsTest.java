package io.switchboard.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

  @Test
  void samePlatformIdsGiveTheSameId() {
    String first = EventIds.forPlatformEvent(Platform.MESSENGER, EventType.MESSAGE_CREATED, "m_1");
    String redelivered =
        EventIds.forPlatformEvent(Platform.MESSENGER, EventType.MESSAGE_CREATED, "m_1");

    assertThat(redelivered).isEqualTo(first);
  }

  @Test
  void platformEventIdIsStableAcrossReleases() {
    // A changed derivation would let a webhook redelivered across a deploy through as new.
    // Expected value: UUIDv5 (RFC 9562) of the namespace and
    // "messenger|switchboard.message.created.v1|11:m_AbCdEf123", computed with another library.
    assertThat(
            EventIds.forPlatformEvent(Platform.MESSENGER, EventType.MESSAGE_CREATED, "m_AbCdEf123"))
        .isEqualTo("1e4ed7b8-8e5a-5bf7-9267-a00d20647445");
  }

  @Test
  void differentPlatformsTypesOrIdsGiveDifferentIds() {
    List<String> ids =
        List.of(
            EventIds.forPlatformEvent(Platform.MESSENGER, EventType.MESSAGE_CREATED, "m_1"),
            EventIds.forPlatformEvent(Platform.INSTAGRAM, EventType.MESSAGE_CREATED, "m_1"),
            EventIds.forPlatformEvent(Platform.MESSENGER, EventType.MESSAGE_DELETED, "m_1"),
            EventIds.forPlatformEvent(Platform.MESSENGER, EventType.MESSAGE_CREATED, "m_2"),
            EventIds.forPlatformEvent(
                Platform.MESSENGER, EventType.REACTION_ADDED, "m_1", "u", "x"),
            EventIds.forPlatformEvent(
                Platform.MESSENGER, EventType.REACTION_ADDED, "m_1", "u", "y"));

    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void idPartsCannotRunIntoEachOther() {
    String ab = EventIds.forPlatformEvent(Platform.WHATSAPP, EventType.RECEIPT, "a|b", "c");
    String bc = EventIds.forPlatformEvent(Platform.WHATSAPP, EventType.RECEIPT, "a", "b|c");

    assertThat(ab).isNotEqualTo(bc);
  }

  @Test
  void platformEventIdIsANameBasedUuidVersion5() {
    UUID id =
        UUID.fromString(
            EventIds.forPlatformEvent(Platform.WHATSAPP, EventType.RECEIPT, "wamid.1", "read"));

    assertThat(id.version()).isEqualTo(5);
    assertThat(id.variant()).isEqualTo(2);
  }

  @Test
  void refusesPlatformEventWithoutPlatformIds() {
    assertThatThrownBy(() -> EventIds.forPlatformEvent(Platform.WHATSAPP, EventType.RECEIPT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> EventIds.forPlatformEvent(Platform.WHATSAPP, EventType.RECEIPT, "wamid.1", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomIdIsATimeOrderedUuidVersion7() {
    long before = System.currentTimeMillis();
    UUID id = UUID.fromString(EventIds.random());
    long after = System.currentTimeMillis();

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(unixMillis(id)).isBetween(before, after);
  }

  @Test
  void randomIdsSortByTheMillisecondTheyWereMadeIn() throws InterruptedException {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(EventIds.random());
      if (i % 5 == 4) {
        Thread.sleep(2);
      }
    }

    List<String> millisPrefixes = ids.stream().map(EventIdsTest::millisPrefix).toList();
    assertThat(millisPrefixes).isSorted();
    assertThat(millisPrefixes.get(0)).isLessThan(millisPrefixes.get(millisPrefixes.size() - 1));
    assertThat(ids.stream().map(id -> unixMillis(UUID.fromString(id))).toList()).isSorted();
  }

  @Test
  void randomIdsAreUnique() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(EventIds.random());
    }

    assertThat(ids).hasSize(10_000);
  }

  private static long unixMillis(UUID id) {
    return id.getMostSignificantBits() >>> 16;
  }

  /** The 48-bit timestamp as it appears in the text form: {@code tttttttt-tttt-7...}. */
  private static String millisPrefix(String id) {
    return id.substring(0, 13);
  }
}
