-- Group control (集团管控): a freeze binds the level that made it. frozen_by_path is the organisation whose authority
-- froze the seal (group HQ's path when an HqAdmin froze a subsidiary's seal); only an administrator over that level
-- may thaw it, so a subsidiary cannot lift what HQ imposed. Seals frozen before this column existed were frozen at
-- their holder's level.
ALTER TABLE hub.seals ADD COLUMN frozen_by_path varchar(300);
UPDATE hub.seals s SET frozen_by_path = o.path FROM hub.organisations o WHERE o.id = s.organisation_id AND s.status = 'Frozen';
ALTER TABLE hub.seals ADD CONSTRAINT seals_frozen_by_path CHECK ((status = 'Frozen') = (frozen_by_path IS NOT NULL));
