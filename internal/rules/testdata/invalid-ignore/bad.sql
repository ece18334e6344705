-- Ignores need a known rule id and a reason.
/* migguard:ignore create-index-non-concurrently */ -- want "invalid-ignore: .*gives no reason"
CREATE INDEX a_idx ON a (x);
/* migguard:ignore create-index-non-concurently typo here */ -- want "invalid-ignore: .*unknown rule \"create-index-non-concurently\""
CREATE INDEX b_idx ON b (x);
