-- Photos of contacts, from vCards or chosen by the user.
--
-- A table of its own, so that reading lists of contacts never drags the
-- pictures along. The photo stays while the contact is only marked deleted
-- (undelete brings it back) and goes with the row when the row itself goes
-- (an import undone). The core checks the size and the image type before
-- writing: mime is what the bytes are, not what a file claimed.

CREATE TABLE contact_photos (
  contact_id INTEGER PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE,
  mime TEXT NOT NULL,
  data BLOB NOT NULL,
  updated_at INTEGER NOT NULL
);
