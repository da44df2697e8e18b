package io.switchboard.adapter.outbound;

/** Which of the Send API's rate limits a call counts against. */
public enum RateClass {
  /** Text, links, reactions, stickers, sender actions: 300 calls/s per page. */
  TEXT,
  /** Audio or video: 10 calls/s per page. */
  MEDIA
}
