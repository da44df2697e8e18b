-- Lookups by person that the routing projection makes on every change and every resolve.
CREATE INDEX device_person ON device (person_id);
CREATE INDEX device_key_device ON device_key (device_id) WHERE revoked_at IS NULL;
