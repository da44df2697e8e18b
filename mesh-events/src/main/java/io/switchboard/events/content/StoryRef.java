package io.switchboard.events.content;

/**
 * The story a message replies to or mentions.
 *
 * @param storyId the platform's story id
 * @param url the story's media URL when the platform gives one
 */
public record StoryRef(String storyId, String url) {}
