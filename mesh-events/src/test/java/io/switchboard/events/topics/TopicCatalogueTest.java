package io.switchboard.events.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.events.EventType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TopicCatalogueTest {
  private final List<TopicSpec> topics = TopicCatalogue.get().topics();

  @Test
  void everyTopicConstantIsInTheCatalogue() {
    assertThat(topicConstants())
        .allSatisfy(name -> assertThat(TopicCatalogue.get().find(name)).as(name).isPresent());
  }

  @Test
  void everyCatalogueTopicButDeadLettersHasAConstant() {
    assertThat(topics.stream().filter(t -> !t.deadLetter()).map(TopicSpec::name))
        .containsExactlyInAnyOrderElementsOf(topicConstants());
  }

  @Test
  void everyDeadLetterTopicBelongsToAnInboundOrOutboundTopic() {
    assertThat(topics.stream().filter(TopicSpec::deadLetter))
        .isNotEmpty()
        .allSatisfy(
            dlq -> {
              String source =
                  dlq.name().substring(0, dlq.name().length() - Topics.DLQ_SUFFIX.length());
              assertThat(TopicCatalogue.get().find(source)).as(dlq.name()).isPresent();
              assertThat(source).matches("(inbound|outbound)\\..+");
              assertThat(Topics.dlqOf(source)).isEqualTo(dlq.name());
            });
  }

  @Test
  void everyInboundAndOutboundTopicHasADeadLetterTopic() {
    assertThat(
            topics.stream()
                .map(TopicSpec::name)
                .filter(n -> n.matches("(inbound|outbound)\\.[a-z]+")))
        .isNotEmpty()
        .allSatisfy(
            name -> assertThat(TopicCatalogue.get().find(Topics.dlqOf(name))).as(name).isPresent());
  }

  @Test
  void deadLettersAreKeptAtLeastAsLongAsTheirTopic() {
    for (TopicSpec dlq : topics.stream().filter(TopicSpec::deadLetter).toList()) {
      TopicSpec source =
          TopicCatalogue.get()
              .require(dlq.name().substring(0, dlq.name().length() - Topics.DLQ_SUFFIX.length()));
      assertThat(dlq.retention().orElseThrow())
          .as(dlq.name())
          .isGreaterThanOrEqualTo(source.retention().orElseThrow());
    }
  }

  @Test
  void topicNamesAreUnique() {
    assertThat(topics).extracting(TopicSpec::name).doesNotHaveDuplicates();
  }

  @Test
  void everyTopicCarriesOnlyKnownEventTypes() {
    Set<String> known =
        Stream.of(EventType.values()).map(EventType::ceType).collect(Collectors.toSet());
    for (TopicSpec topic : topics) {
      assertThat(topic.events()).as(topic.name()).isSubsetOf(known).doesNotHaveDuplicates();
    }
  }

  @Test
  void everyEventTypeIsCarriedBySomeTopic() {
    for (EventType type : EventType.values()) {
      assertThat(topics)
          .as(type.ceType())
          .anySatisfy(t -> assertThat(t.events()).contains(type.ceType()));
    }
  }

  @Test
  void identityLinksIsCompactedWithoutTimeLimit() {
    TopicSpec links = TopicCatalogue.get().require(Topics.IDENTITY_LINKS);

    assertThat(links.compacted()).isTrue();
    assertThat(links.retention()).isEmpty();
    assertThat(links.key()).isEqualTo("accountKey");
  }

  @Test
  void messageTopicsAreKeyedByConversationAndNotCompacted() {
    for (TopicSpec topic : topics) {
      if (!topic.name().equals(Topics.IDENTITY_LINKS)) {
        assertThat(topic.key()).as(topic.name()).isEqualTo("conversationId");
        assertThat(topic.compacted()).as(topic.name()).isFalse();
        assertThat(topic.retention()).as(topic.name() + " needs retention.ms").isPresent();
      }
    }
  }

  @Test
  void typingIsShortLived() {
    assertThat(TopicCatalogue.get().require(Topics.TYPING).retention().orElseThrow())
        .isLessThanOrEqualTo(Duration.ofHours(1));
  }

  @Test
  void everyTopicHasPartitionsAndADescription() {
    assertThat(topics)
        .isNotEmpty()
        .allSatisfy(
            t -> {
              assertThat(t.partitions()).as(t.name()).isPositive();
              assertThat(t.description()).as(t.name()).isNotBlank();
            });
  }

  private static List<String> topicConstants() {
    return Stream.of(Topics.class.getDeclaredFields())
        .filter(f -> Modifier.isPublic(f.getModifiers()) && Modifier.isStatic(f.getModifiers()))
        .filter(f -> f.getType() == String.class && !f.getName().equals("DLQ_SUFFIX"))
        .map(TopicCatalogueTest::value)
        .toList();
  }

  private static String value(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
