-- Who an overdue task goes to, as its approval step declared it (the step's escalateTo candidates: users, roles,
-- positions), resolved when the task falls due so it reaches the people in those places then. Null: the
-- administrators above the instance's organisation, as before. A review owed after an emergency seal escalates to
-- group HQ this way.
ALTER TABLE hub.workflow_tasks ADD COLUMN escalate_to jsonb;
