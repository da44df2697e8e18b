package io.switchboard.gateway.websocket;

import io.smallrye.mutiny.Uni;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.ConversationChange;
import io.switchboard.events.data.ConversationChanged;
import io.switchboard.events.topics.Topics;
import io.switchboard.gateway.log.ConversationLookup;
import io.switchboard.gateway.log.SwitchboardConversations;
import io.switchboard.gateway.websocket.OncePerNonce.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The group frames of protocol v1 (docs/gateway.md): {@code group.create}, {@code group.add},
 * {@code group.remove}, {@code group.rename} and {@code group.theme}, each one {@code
 * conversation.changed} event. Groups are Switchboard's own ({@code sb:group:}) conversations; any
 * member changes them, and a member who removes themselves leaves.
 */
@ApplicationScoped
public class GroupWrites {
  static final String CREATE = "group.create";
  static final Set<String> TYPES =
      Set.of(CREATE, "group.add", "group.remove", "group.rename", "group.theme");

  /** The most person ids one event carries (its schema's limit), hence one frame. */
  static final int MAX_MEMBERS_PER_FRAME = 1024;

  private static final int MAX_NAME_LENGTH = 100;
  private static final int MAX_THEME_LENGTH = 32;

  private final ConversationAccess access;
  private final ConversationLookup lookup;
  private final OncePerNonce once;
  private final ClientEvents events;
  private final ClientConfig config;
  private final Clock clock = Clock.systemUTC();

  public GroupWrites(
      ConversationAccess access,
      ConversationLookup lookup,
      OncePerNonce once,
      ClientEvents events,
      ClientConfig config) {
    this.access = access;
    this.lookup = lookup;
    this.once = once;
    this.events = events;
    this.config = config;
  }

  Uni<String> handle(String type, ClientFrame frame, Actor actor) {
    return switch (type) {
      case CREATE -> create(frame, actor);
      case "group.add" -> add(frame, actor);
      case "group.remove" -> change(frame, actor, ConversationChange.MEMBERS_REMOVED);
      case "group.rename" -> change(frame, actor, ConversationChange.RENAMED);
      default -> change(frame, actor, ConversationChange.THEME_CHANGED);
    };
  }

  private Uni<String> create(ClientFrame frame, Actor actor) {
    String nonce = frame.nonce();
    String name = frame.optionalName("name", MAX_NAME_LENGTH);
    String theme = frame.optionalText("theme", MAX_THEME_LENGTH);
    Set<String> members = new LinkedHashSet<>();
    members.add(actor.personId());
    members.addAll(frame.personIds("members", MAX_MEMBERS_PER_FRAME));
    if (members.size() < 2) {
      throw FrameRefused.invalid("members", "at least one person other than you");
    }
    if (members.size() > Math.min(config.maxGroupMembers(), MAX_MEMBERS_PER_FRAME)) {
      throw tooMany();
    }
    access.known(members.stream().filter(m -> !m.equals(actor.personId())).toList());
    Instant now = clock.instant();
    Ids candidate = new Ids(SwitchboardConversations.newGroup(), EventIds.random(), null);
    List<String> memberIds = List.copyOf(members);
    ClientEvents.checked(created(candidate.conversationId(), actor, memberIds, name, theme, now));
    return once.publish(
            actor,
            nonce,
            CREATE,
            candidate,
            claim ->
                MeshEvent.of(
                    claim.eventId(),
                    ClientEvents.SOURCE,
                    now,
                    created(claim.conversationId(), actor, memberIds, name, theme, now)))
        .map(
            claim ->
                Frames.groupCreated(frame.ref(), nonce, claim.conversationId(), claim.eventId()));
  }

  private Uni<String> add(ClientFrame frame, Actor actor) {
    String conversationId = groupId(frame);
    List<String> members = frame.personIds("members", MAX_MEMBERS_PER_FRAME);
    ConversationChanged changed =
        changed(conversationId, actor, ConversationChange.MEMBERS_ADDED, members, null, null);
    return access
        .member(conversationId, actor)
        .invoke(() -> access.known(members))
        .chain(() -> lookup.members(conversationId, members))
        .chain(
            count -> {
              if (count.members() + members.size() - count.among() > config.maxGroupMembers()) {
                throw tooMany();
              }
              return publish(frame, changed);
            });
  }

  /** {@code group.remove}, {@code group.rename} and {@code group.theme}. */
  private Uni<String> change(ClientFrame frame, Actor actor, ConversationChange change) {
    String conversationId = groupId(frame);
    ConversationChanged changed =
        switch (change) {
          case MEMBERS_REMOVED ->
              changed(
                  conversationId,
                  actor,
                  change,
                  frame.personIds("members", MAX_MEMBERS_PER_FRAME),
                  null,
                  null);
          case RENAMED ->
              changed(
                  conversationId,
                  actor,
                  change,
                  null,
                  requiredName(frame.optionalName("name", MAX_NAME_LENGTH)),
                  null);
          default ->
              changed(
                  conversationId, actor, change, null, null, frame.text("theme", MAX_THEME_LENGTH));
        };
    return access.member(conversationId, actor).chain(() -> publish(frame, changed));
  }

  private Uni<String> publish(ClientFrame frame, ConversationChanged changed) {
    return events
        .publishNew(Topics.INBOUND_CLIENT, changed.changedAt(), changed)
        .map(eventId -> Frames.accepted(frame.ref(), changed.conversationId(), eventId));
  }

  private ConversationChanged changed(
      String conversationId,
      Actor actor,
      ConversationChange change,
      List<String> members,
      String name,
      String theme) {
    return ClientEvents.checked(
        new ConversationChanged(
            conversationId, actor.account(), change, members, name, theme, clock.instant()));
  }

  private static ConversationChanged created(
      String conversationId,
      Actor actor,
      List<String> members,
      String name,
      String theme,
      Instant now) {
    return new ConversationChanged(
        conversationId, actor.account(), ConversationChange.CREATED, members, name, theme, now);
  }

  private static String groupId(ClientFrame frame) {
    String conversationId = frame.conversationId();
    if (!SwitchboardConversations.isGroup(conversationId)) {
      throw new FrameRefused("not_a_group", "conversationId: not a Switchboard group");
    }
    return conversationId;
  }

  private static String requiredName(String name) {
    if (name == null) {
      throw FrameRefused.invalid("name", "required, a string of 1 to 100 characters");
    }
    return name;
  }

  private static FrameRefused tooMany() {
    return new FrameRefused("too_many_members", "members: the group would be too large");
  }
}
