-- Products of a deal, discounts in percent, and a deal amount that follows
-- the products.

CREATE TABLE deal_products (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  deleted_at  INTEGER,
  deal_id          INTEGER NOT NULL REFERENCES deals (id),
  position         INTEGER NOT NULL DEFAULT 0,
  product_id       INTEGER REFERENCES products (id),
  name             TEXT NOT NULL,
  quantity         INTEGER NOT NULL DEFAULT 1000,
  unit             TEXT,
  price            INTEGER NOT NULL DEFAULT 0 CHECK (price >= 0),
  discount         INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),
  discount_percent INTEGER NOT NULL DEFAULT -1 CHECK (discount_percent BETWEEN -1 AND 10000),
  vat_rate         INTEGER NOT NULL DEFAULT -1,
  vat_included     INTEGER NOT NULL DEFAULT 0,
  net              INTEGER NOT NULL DEFAULT 0,
  vat              INTEGER NOT NULL DEFAULT 0,
  total            INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX deal_products_deal ON deal_products (deal_id, position);
CREATE INDEX deal_products_product ON deal_products (product_id);

-- Discount as basis points of quantity × price; -1 = none
ALTER TABLE invoice_lines ADD COLUMN discount_percent INTEGER NOT NULL DEFAULT -1
  CHECK (discount_percent BETWEEN -1 AND 10000);
CREATE INDEX invoice_lines_product ON invoice_lines (product_id);

ALTER TABLE deals ADD COLUMN amount_follows_products INTEGER NOT NULL DEFAULT 0;

-- A deal is found by the names of its products and an invoice by the names
-- of its lines: the search triggers take them in, and a change to a product
-- line re-indexes its deal or invoice.
DROP TRIGGER deals_search_insert;
DROP TRIGGER deals_search_update;
CREATE TRIGGER deals_search_insert AFTER INSERT ON deals BEGIN
  INSERT INTO search_index (rowid, body) VALUES (new.id * 16 + 4,
    coalesce(new.title, '') || ' ' || coalesce(new.comment, '') || ' ' || coalesce(new.responsible, ''));
END;
CREATE TRIGGER deals_search_update AFTER UPDATE ON deals BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 4;
  INSERT INTO search_index (rowid, body) VALUES (new.id * 16 + 4,
    coalesce(new.title, '') || ' ' || coalesce(new.comment, '') || ' ' || coalesce(new.responsible, '')
    || ' ' || coalesce((SELECT group_concat(p.name, ' ') FROM deal_products p
                        WHERE p.deal_id = new.id AND p.deleted_at IS NULL), ''));
END;

DROP TRIGGER invoices_search_update;
CREATE TRIGGER invoices_search_update AFTER UPDATE ON invoices BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 7;
  INSERT INTO search_index (rowid, body) VALUES (new.id * 16 + 7,
    coalesce(new.number, '') || ' ' || coalesce(new.comment, '')
    || ' ' || coalesce((SELECT group_concat(l.name, ' ') FROM invoice_lines l
                        WHERE l.invoice_id = new.id AND l.deleted_at IS NULL), ''));
END;

CREATE TRIGGER deal_products_insert AFTER INSERT ON deal_products BEGIN
  UPDATE deals SET id = id WHERE id = new.deal_id;
END;
CREATE TRIGGER deal_products_update AFTER UPDATE OF name, deleted_at ON deal_products BEGIN
  UPDATE deals SET id = id WHERE id = new.deal_id;
END;
CREATE TRIGGER invoice_lines_insert AFTER INSERT ON invoice_lines BEGIN
  UPDATE invoices SET id = id WHERE id = new.invoice_id;
END;
CREATE TRIGGER invoice_lines_update AFTER UPDATE OF name, deleted_at ON invoice_lines BEGIN
  UPDATE invoices SET id = id WHERE id = new.invoice_id;
END;
