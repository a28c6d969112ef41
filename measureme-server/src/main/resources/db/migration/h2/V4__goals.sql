-- Goals: a user's target for one metric, measure and period (dev.measureme.core.goal.Goal). At most one goal per
-- (user, type, measure, period); the limit of goals per user is kept by JdbcGoalStore under the user's row lock.
-- A goal goes with its user: deleteUser removes them, and the foreign key does too.
CREATE TABLE goals (
    id          VARCHAR(36)       PRIMARY KEY,
    user_name   VARCHAR(64)       NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    event_type  VARCHAR(64)       NOT NULL,
    measure     VARCHAR(8)        NOT NULL,
    period      VARCHAR(8)        NOT NULL,
    target      DOUBLE PRECISION  NOT NULL,
    name        VARCHAR(64),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT goals_one_per_measure UNIQUE (user_name, event_type, measure, period)
);
