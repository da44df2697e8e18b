package io.switchboard.whatsapp.rest;

import io.smallrye.mutiny.Uni;
import io.switchboard.service.rest.ApiException;
import io.switchboard.whatsapp.chats.ChatStats;
import io.switchboard.whatsapp.chats.ChatStatsRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Read-only per-chat message counts, for operators. */
@Path("/api/v1/chats/{chatId}/stats")
public class ChatStatsResource {
  private final ChatStatsRepository repository;

  public ChatStatsResource(ChatStatsRepository repository) {
    this.repository = repository;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "How many messages the bridge published for a chat, and when the last was sent",
      description =
          "chatId is the conversation id: whatsapp:<phone-number-id>:<user> or "
              + "whatsapp:group:<group-id>. 404 when no message of the chat was counted.")
  public Uni<ChatStats> stats(@PathParam("chatId") String chatId) {
    return repository
        .find(chatId)
        .map(
            found ->
                found.orElseThrow(
                    () ->
                        new ApiException(
                            404, "chat_not_found", "no message of this chat has been counted")));
  }
}
