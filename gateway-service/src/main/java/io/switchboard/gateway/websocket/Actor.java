package io.switchboard.gateway.websocket;

import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;

/**
 * Who writes on a connection: the person its token names, through the device admitted at the
 * upgrade. The device is the acting account of every event the person writes.
 */
record Actor(String personId, String deviceId) {
  static Actor of(WebSocketConnection connection) {
    return new Actor(
        connection.userData().get(DeviceUpgradeCheck.PERSON),
        connection.userData().get(DeviceUpgradeCheck.DEVICE));
  }

  AccountRef account() {
    return AccountRef.of(Platform.SWITCHBOARD, deviceId);
  }
}
