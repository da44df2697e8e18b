package io.switchboard.events.content;

/**
 * A piece of media held by a platform or a media store, by reference.
 *
 * @param kind image, audio, video, file or sticker
 * @param url where the media can be fetched (platform CDN URLs expire)
 * @param mimeType the media type when known
 * @param caption text shown with the media
 */
public record MediaRef(String kind, String url, String mimeType, String caption) {}
