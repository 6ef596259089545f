-- 0013: customer events (客户活动, seed 001 item 7): knowledge talks, customer clubs,
-- self-drive tours. An event's target rule selects customers from the archive; inviting
-- them adds one invitee row per customer (never twice) and an invitation task in the
-- callback queue (kind 'event_invite', source 'event_invitees'). Answers and attendance
-- are kept on the invitee; attendees get a feedback task ('event_feedback').

CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    store_id    TEXT NOT NULL,
    title       TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('talk', 'club', 'tour', 'other')),
    -- Store-local wall-clock start, 'YYYY-MM-DD HH:MM' (events are held on the store's clock).
    starts_at   TEXT NOT NULL,
    place       TEXT NOT NULL DEFAULT '',
    capacity    INTEGER NOT NULL CHECK (capacity > 0),
    -- The target rule (JSON: brand, model, age_min, age_max, vip_only, region).
    target      TEXT NOT NULL DEFAULT '{}',
    channel     TEXT NOT NULL DEFAULT 'call' CHECK (channel IN ('call', 'sms')),
    status      TEXT NOT NULL DEFAULT 'planned'
                CHECK (status IN ('planned', 'held', 'cancelled')),
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  INTEGER REFERENCES agents(id),
    updated_at  TEXT NOT NULL,
    updated_by  INTEGER REFERENCES agents(id),
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX events_starts ON events(starts_at);

CREATE TABLE event_invitees (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events(id),
    customer_id  INTEGER NOT NULL REFERENCES customers(id),
    vehicle_id   INTEGER REFERENCES vehicles(id),
    invited_at   TEXT NOT NULL,
    invited_by   INTEGER REFERENCES agents(id),
    answer       TEXT CHECK (answer IN ('yes', 'no', 'maybe')),
    party        INTEGER NOT NULL DEFAULT 0 CHECK (party >= 0),
    answered_at  TEXT,
    answered_by  INTEGER REFERENCES agents(id),
    -- Where the answer was taken: the invitation call ('callback') or the event page ('desk').
    answer_via   TEXT CHECK (answer_via IN ('callback', 'desk')),
    attended     INTEGER NOT NULL DEFAULT 0 CHECK (attended IN (0, 1)),
    attended_at  TEXT,
    checked_in_by INTEGER REFERENCES agents(id),
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    UNIQUE (event_id, customer_id)
) STRICT;
CREATE INDEX event_invitees_customer ON event_invitees(customer_id);
