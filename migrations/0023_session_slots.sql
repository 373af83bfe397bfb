-- Time slots of a vaccination session, each with its own capacity; a registration holds the slot it
-- booked. A slot's seats are claimed like a session's: a conditional update (booked < capacity) under
-- the session row's lock, with the check below as the last guard.
create table session_slot (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references vaccination_session (id) on delete cascade,
  -- Order of the slot within its session (0, 1, …).
  position integer not null check (position >= 0),
  -- 'HH:MM' (Vietnam time); both null: the whole session (a session created without time slots).
  starts_at text check (starts_at ~ '^[0-2][0-9]:[0-5][0-9]$'),
  ends_at text check (ends_at ~ '^[0-2][0-9]:[0-5][0-9]$'),
  capacity integer not null check (capacity > 0),
  booked integer not null default 0 check (booked >= 0 and booked <= capacity),
  unique (session_id, position),
  check ((starts_at is null) = (ends_at is null))
);

alter table registration add column slot_id uuid references session_slot (id);
create index registration_slot on registration (slot_id) where slot_id is not null;

-- Backfill: every existing session gets its slots now (its `slots` labels, the session's capacity
-- shared out evenly, the first slots taking the remainder, as seats were handed out round-robin), or
-- one whole-session slot when it had none; its registrations get the slot of their label.
insert into session_slot (session_id, position, starts_at, ends_at, capacity)
select s.id, (t.ord - 1)::integer, split_part(t.label, '-', 1), split_part(t.label, '-', 2),
  greatest(1, s.capacity / jsonb_array_length(s.slots)
    + case when t.ord <= s.capacity % jsonb_array_length(s.slots) then 1 else 0 end)
from vaccination_session s
cross join lateral jsonb_array_elements_text(s.slots) with ordinality as t(label, ord)
where jsonb_array_length(s.slots) > 0
on conflict (session_id, position) do nothing;

insert into session_slot (session_id, position, starts_at, ends_at, capacity)
select s.id, 0, null, null, s.capacity
from vaccination_session s
where not exists (select 1 from session_slot x where x.session_id = s.id);

update registration r set slot_id = x.id
from session_slot x
where x.session_id = r.session_id and r.slot_id is null
  and (x.starts_at is null or r.slot = x.starts_at || '-' || x.ends_at);

update session_slot x set
  capacity = greatest(x.capacity, c.n),
  booked = c.n
from (select slot_id, count(*)::integer as n from registration where slot_id is not null group by slot_id) c
where c.slot_id = x.id;
