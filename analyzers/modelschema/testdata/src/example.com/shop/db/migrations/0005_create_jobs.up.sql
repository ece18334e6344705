CREATE TABLE jobs (
    id uuid PRIMARY KEY,
    attempt bigint NOT NULL,
    retries bigint NOT NULL,
    note text NOT NULL,
    cost numeric NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    run_at timestamp NOT NULL,
    due date NOT NULL,
    finished_at timestamptz
);
