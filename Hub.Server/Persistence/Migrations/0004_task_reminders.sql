-- Task reminders (issue 3): an approval may remind the people a task waits for, every interval, a bounded number
-- of times. The interval and count live on the task so a reminder needs nothing but its row; each reminder (and
-- each escalation) leaves a notification in the recipient's inbox.
ALTER TABLE hub.workflow_tasks
    ADD COLUMN remind_every interval,
    ADD COLUMN reminder_limit integer NOT NULL DEFAULT 0 CHECK (reminder_limit BETWEEN 0 AND 20),
    ADD COLUMN reminders_sent integer NOT NULL DEFAULT 0,
    ADD COLUMN last_reminded_at timestamptz;

CREATE TABLE hub.notifications (
    id uuid PRIMARY KEY,
    recipient_id uuid NOT NULL REFERENCES hub.users (id) ON DELETE CASCADE,
    organisation_id uuid NOT NULL REFERENCES hub.organisations (id),
    kind varchar(32) NOT NULL CHECK (kind IN ('TaskReminder', 'TaskEscalated')),
    subject varchar(400) NOT NULL,
    task_id uuid REFERENCES hub.workflow_tasks (id) ON DELETE CASCADE,
    instance_id uuid REFERENCES hub.workflow_instances (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    read_at timestamptz
);
CREATE INDEX ix_notifications_recipient ON hub.notifications (recipient_id, created_at DESC);

ALTER TABLE hub.workflow_work_items DROP CONSTRAINT workflow_work_items_kind_check;
ALTER TABLE hub.workflow_work_items ADD CONSTRAINT workflow_work_items_kind_check
    CHECK (kind IN ('Resume', 'Signal', 'Deliver', 'TaskDue', 'TaskReminder'));
