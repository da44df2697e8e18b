-- When the person wrote the message that made last_used_platform what it is (as the mesh received
-- it), so that a message read late, or again in a replay, never takes it back to an older app.
ALTER TABLE person ADD COLUMN last_used_at timestamptz;
