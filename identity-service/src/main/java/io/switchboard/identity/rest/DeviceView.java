package io.switchboard.identity.rest;

import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.identity.service.DeviceService;
import java.time.Instant;
import java.util.List;

/**
 * A device as its owner sees it.
 *
 * @param deviceId the device's id
 * @param account the device's account (platform switchboard, account id = device id)
 * @param name what the person calls it
 * @param createdAt when it was registered
 * @param keys its current public keys
 */
public record DeviceView(
    String deviceId, AccountRef account, String name, Instant createdAt, List<KeyView> keys) {
  static DeviceView of(DeviceService.DeviceWithKeys device) {
    String id = device.device().id.toString();
    return new DeviceView(
        id,
        AccountRef.of(Platform.SWITCHBOARD, id),
        device.device().name,
        device.device().createdAt,
        device.keys().stream().map(KeyView::of).toList());
  }
}
